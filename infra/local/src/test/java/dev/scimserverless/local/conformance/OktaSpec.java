package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Okta's "SCIM 2.0 SPEC test" (Runscope export) as the runner needs it: where the shared
 * conformance material lives, the variables its initial script sets, and Java translations of its
 * post-response scripts.
 */
public final class OktaSpec {
  /** The export, relative to the conformance directory. */
  public static final String SUITE = "okta/Okta-SCIM-20-SPEC-Test.json";

  /** The initial script, relative to the conformance directory. */
  public static final String INITIAL_SCRIPT = "okta/Initial_Script_Spec.txt";

  /** The script of "Optional Test: Verify Groups endpoint", as exported. */
  static final String GROUPS_SCRIPT =
      """
      var data = JSON.parse(response.body);
      var max = data.totalResults;
      var res = data.Resources;
      var exists = false;

      if (max === 0)
      \tassert("nogroups", "No Groups found in the endpoint");
      else if (max >= 1 && Array.isArray(res)) {
          exists = true;
          assert.ok(exists, "Resources is of type Array");
      \tlog(exists);
      }\
      """;

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";

  private OktaSpec() {}

  /**
   * The shared conformance directory: {@code ../shared/conformance} beside the checkout, the
   * checkout being the {@code repo.root} system property (set by the build) or else two levels up
   * from the module.
   */
  public static Path conformanceDir() {
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    return root.resolve("../shared/conformance").toAbsolutePath().normalize();
  }

  /** The export file. */
  public static Path suiteFile() {
    return conformanceDir().resolve(SUITE);
  }

  /** The initial script file. */
  public static Path initialScriptFile() {
    return conformanceDir().resolve(INITIAL_SCRIPT);
  }

  /**
   * What {@code Initial_Script_Spec.txt} sets: a random given name ({@code Runscope} and three
   * digits), family name (an upper-case letter, eight lower-case letters, three digits), the email
   * and user name made of them at {@code atko.com}, that user name in capitals, an email and an id
   * that exist nowhere.
   */
  public static Map<String, String> initialVariables(RandomGenerator random) {
    String firstName = "Runscope" + pick(random, DIGITS, 3);
    String lastName = pick(random, UPPER, 1) + pick(random, LOWER, 8) + pick(random, DIGITS, 3);
    String email = firstName + lastName + "@atko.com";
    Map<String, String> v = new LinkedHashMap<>();
    v.put("randomGivenName", firstName);
    v.put("randomFamilyName", lastName);
    v.put("randomEmail", email);
    v.put("randomUsername", email);
    v.put("InvalidUserEmail", "abcdefgh@atko.com");
    v.put("UserIdThatDoesNotExist", "010101001010101011001010101011");
    v.put("randomUsernameCaps", email.toUpperCase(Locale.ROOT));
    return v;
  }

  /**
   * The post-response scripts translated to Java. The Groups script only logs, except that it
   * throws, failing the step, when the body is not a JSON value it can read {@code totalResults}
   * from: {@code assert("nogroups", …)} passes (a non-empty string is truthy), and {@code
   * assert.ok(true, …)} passes.
   */
  public static Map<String, ScriptCheck> scripts() {
    return Map.of(GROUPS_SCRIPT, OktaSpec::groupsScript);
  }

  private static Optional<String> groupsScript(Response response) {
    JsonNode data = response.json();
    if (data == null) {
      return Optional.of("JSON.parse(response.body) throws: the body is not JSON");
    }
    if (data.isNull()) {
      return Optional.of("data.totalResults throws: the body is JSON null");
    }
    return Optional.empty();
  }

  private static String pick(RandomGenerator random, String alphabet, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
