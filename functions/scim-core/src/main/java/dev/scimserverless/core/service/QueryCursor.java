package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterPrinter;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The cursors of RFC 9865: where the next page starts, bound to the query that issued it. Opaque to
 * clients: base64url (no padding, so only RFC 3986 unreserved characters) of a small JSON object
 * holding the position and a fingerprint of the query (type, filter, sortBy, sortOrder). Nothing is
 * kept on the server, so a cursor never expires; a cursor that does not decode, or that another
 * query issued, is a 400 {@code invalidCursor}.
 */
final class QueryCursor {
  /** Longest cursor accepted (ours are well below). */
  static final int MAX_LENGTH = 4096;

  private static final int MAX_KEY_BYTES = 1024;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private QueryCursor() {}

  /** Where a page ends: the next page starts after it. */
  sealed interface Position permits AfterId, AfterKey, AfterSort {}

  /** After this resource id, in id order (the resource partition's own order). */
  record AfterId(String id) implements Position {}

  /** After this normalised value of the unique-key index, in its order. */
  record AfterKey(String value) implements Position {}

  /** After this position of a list sorted in memory. */
  record AfterSort(SortSpec.SortPosition position) implements Position {}

  /** The cursor text of a position for the query with this fingerprint. */
  static String encode(Position position, String fingerprint) {
    ObjectNode n = Json.object();
    n.put("f", fingerprint);
    if (position instanceof AfterId a) {
      n.put("k", "i").put("i", a.id());
    } else if (position instanceof AfterKey k) {
      n.put("k", "k").put("v", k.value());
    } else if (position instanceof AfterSort s) {
      n.put("k", "s").put("i", s.position().id());
      JsonNode key = s.position().key();
      // numbers as exact decimal text: JSON numbers would come back as doubles
      n.put("t", key.isNumber() ? "n" : key.isBoolean() ? "b" : key.isTextual() ? "s" : "z");
      if (key.isNumber()) {
        n.put("v", key.decimalValue().toPlainString());
      } else if (!key.isNull()) {
        n.set("v", key);
      }
    }
    return encodeObject(n);
  }

  /** A small JSON object as cursor text (base64url, no padding). */
  static String encodeObject(ObjectNode n) {
    return ENCODER.encodeToString(Json.write(n).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The JSON object of non-empty cursor text.
   *
   * @throws ScimException 400 invalidCursor when it is not one
   */
  static ObjectNode decodeObject(String text) {
    if (text.length() > MAX_LENGTH || !text.chars().allMatch(QueryCursor::isBase64Url)) {
      throw invalid();
    }
    JsonNode n;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      n = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | ScimException e) {
      throw invalid();
    }
    // only our own encoding: no trailing bytes, no other spelling of the same object
    if (!n.isObject() || !encodeObject((ObjectNode) n).equals(text)) {
      throw invalid();
    }
    return (ObjectNode) n;
  }

  /**
   * The position of a cursor; empty for the empty cursor (the first page).
   *
   * @throws ScimException 400 invalidCursor when the text is not a cursor of this query
   */
  static Optional<Position> decode(String text, String fingerprint) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = decodeObject(text);
    if (!fingerprint.equals(n.path("f").textValue())) {
      throw invalid();
    }
    String kind = n.path("k").asText("");
    switch (kind) {
      case "i":
        return Optional.of(new AfterId(key(n.get("i"))));
      case "k":
        return Optional.of(new AfterKey(key(n.get("v"))));
      case "s":
        return Optional.of(new AfterSort(new SortSpec.SortPosition(sortKey(n), key(n.get("i")))));
      default:
        throw invalid();
    }
  }

  /**
   * A short digest of what a cursor is valid for: the resource type, the filter (as printed, so
   * that spacing does not matter), the sort attribute and order.
   */
  static String fingerprint(ResourceType type, Optional<Filter> filter, Optional<SortSpec> sort) {
    return digest(
        type.scimName()
            + "\n"
            + filter.map(FilterPrinter::print).orElse("")
            + "\n"
            + sort.map(s -> s.path().toString().toLowerCase(Locale.ROOT) + " " + s.descending())
                .orElse(""));
  }

  /** A short digest (12 base64url characters) of a text. */
  static String digest(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ENCODER.encodeToString(Arrays.copyOf(digest, 9));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static JsonNode sortKey(JsonNode n) {
    JsonNode v = n.path("v");
    switch (n.path("t").asText("")) {
      case "z":
        return NullNode.getInstance();
      case "b":
        if (v.isBoolean()) {
          return v;
        }
        throw invalid();
      case "s":
        if (v.isTextual()) {
          return v;
        }
        throw invalid();
      case "n":
        if (v.isTextual() && v.textValue().length() <= 100) {
          try {
            return DecimalNode.valueOf(new BigDecimal(v.textValue()));
          } catch (NumberFormatException e) {
            throw invalid();
          }
        }
        throw invalid();
      default:
        throw invalid();
    }
  }

  /** A key string of a cursor: non-empty text of at most 1024 UTF-8 bytes (a DynamoDB key). */
  private static String key(JsonNode n) {
    if (n == null
        || !n.isTextual()
        || n.textValue().isEmpty()
        || n.textValue().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw invalid();
    }
    return n.textValue();
  }

  private static boolean isBase64Url(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  static ScimException invalid() {
    return ScimException.invalidCursor(
        "The cursor is not one this server issued for this query. Repeat the first request with"
            + " an empty cursor and the same filter, sortBy and sortOrder, then pass each"
            + " nextCursor unchanged.");
  }
}
