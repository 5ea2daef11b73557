package dev.scimserverless.admin;

import java.util.List;

/**
 * {@code java -jar scim-admin.jar --table NAME [--region R] [--dynamodb-endpoint URL] COMMAND}:
 * tenants, tokens and the audit trail of a scim-serverless deployment. {@code --help} lists the
 * commands.
 */
public final class AdminMain {
  private AdminMain() {}

  public static void main(String[] args) {
    System.exit(
        AdminCli.run(
            List.of(args), System.out, System.err, System.getProperty("user.name", "unknown")));
  }
}
