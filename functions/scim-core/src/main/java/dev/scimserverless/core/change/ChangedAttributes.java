package dev.scimserverless.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.patch.PatchOperation;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The attribute names a write touches, as its {@link ProvisioningChange} names them: names only,
 * never values. A filter in a PATCH path ({@code emails[value eq "x"]}) is dropped, and nothing of
 * a body but its attribute names is kept.
 */
public final class ChangedAttributes {
  private static final Set<String> NOT_ATTRIBUTES = Set.of("schemas", "id", "meta");

  private ChangedAttributes() {}

  /**
   * The top-level attribute names of a resource body (POST, PUT); an extension's attributes as
   * {@code urn:…:name}. {@code schemas}, {@code id} and {@code meta} are not attributes a client
   * sets.
   */
  public static List<String> ofBody(JsonNode body) {
    if (body == null || !body.isObject()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    addNames(body, names);
    return List.copyOf(names);
  }

  /**
   * The attributes PATCH operations name: each operation's path without its filter, or the names in
   * the value of an operation without path.
   */
  public static List<String> ofPatch(List<PatchOperation> operations) {
    Set<String> names = new LinkedHashSet<>();
    for (PatchOperation op : operations) {
      if (op.path().isPresent()) {
        names.add(withoutFilters(op.path().get().toString().trim()));
      } else if (op.value() instanceof ObjectNode value) {
        addNames(value, names);
      }
    }
    return List.copyOf(names);
  }

  private static void addNames(JsonNode object, Set<String> names) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (NOT_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (isUrn(name) && field.getValue().isObject() && field.getValue().size() > 0) {
        for (Iterator<String> sub = field.getValue().fieldNames(); sub.hasNext(); ) {
          names.add(withoutFilters(name + ":" + sub.next()));
        }
      } else {
        // keys of a no-path PATCH value may be paths with filters: keep no compared value
        names.add(withoutFilters(name));
      }
    }
  }

  /**
   * A PATCH path with every {@code [filter]} removed, so that no compared value is kept: {@code
   * emails[type eq "work"].value} becomes {@code emails.value}. Brackets inside quoted strings do
   * not count.
   */
  public static String withoutFilters(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (depth > 0) {
        if (quoted && c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == '[') {
          depth++;
        } else if (!quoted && c == ']') {
          depth--;
        }
      } else if (c == '[') {
        depth = 1;
        quoted = false;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isUrn(String name) {
    return name.regionMatches(true, 0, "urn:", 0, 4);
  }
}
