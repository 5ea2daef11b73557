package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.service.ListResult;
import dev.scimserverless.core.service.ScimResource;
import java.util.function.Function;

/**
 * Renders a {@link ListResult} as a SCIM ListResponse (RFC 7644 §3.4.2; RFC 9865 §2): {@code
 * totalResults} (when known), {@code itemsPerPage}, {@code startIndex} (index paging) or {@code
 * nextCursor} (cursor paging, absent on the last page), and the {@code Resources}.
 */
final class ListResponse {
  static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private ListResponse() {}

  /**
   * The response body.
   *
   * @param view each resource as the client sees it (projected)
   */
  static ObjectNode render(ListResult result, Function<ScimResource, ObjectNode> view) {
    ObjectNode body = Json.object();
    body.putArray("schemas").add(SCHEMA);
    result.totalResults().ifPresent(total -> body.put("totalResults", total));
    body.put("itemsPerPage", result.resources().size());
    result.startIndex().ifPresent(start -> body.put("startIndex", start));
    result.nextCursor().ifPresent(next -> body.put("nextCursor", next));
    ArrayNode resources = body.putArray("Resources");
    for (ScimResource r : result.resources()) {
      resources.add(view.apply(r));
    }
    return body;
  }
}
