package dev.scimserverless.local.conformance;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runscope's {@code {{name}}} templates, resolved from the variables set so far. */
public final class Template {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");

  private Template() {}

  /**
   * Replaces every {@code {{name}}} by its variable's value.
   *
   * @throws IllegalStateException when a template names a variable that is not set
   */
  public static String resolve(String template, Map<String, String> variables) {
    if (template == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = variables.get(name);
      if (value == null) {
        throw new IllegalStateException(
            "Variable {{" + name + "}} is not set (in \"" + template + "\")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
