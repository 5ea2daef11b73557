package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;

/**
 * What this service provider supports (RFC 7643 §5). One place, read by the discovery endpoint and
 * by the code that enforces the numbers (page size, body size).
 *
 * @param maxResults the most resources one list page returns
 * @param defaultPageSize the page size of a list request without {@code count}
 * @param maxPayloadSize the largest request body accepted, in bytes
 * @param sortSupported whether sortBy/sortOrder are honoured
 */
public record ServiceProviderConfig(
    int maxResults, int defaultPageSize, int maxPayloadSize, boolean sortSupported) {
  public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

  /**
   * What this build does: pages of 100 resources by default and 200 at most, index and cursor
   * paging (RFC 9865), sorting, 1 MB request bodies.
   */
  public static final ServiceProviderConfig STANDARD =
      new ServiceProviderConfig(200, 100, 1024 * 1024, true);

  public ObjectNode toJson(String baseUrl) {
    ObjectNode n = Json.object();
    n.putArray("schemas").add(SCHEMA);
    n.put("documentationUri", "https://www.rfc-editor.org/rfc/rfc7644");
    n.putObject("patch").put("supported", true);
    n.putObject("bulk")
        .put("supported", false)
        .put("maxOperations", 0)
        .put("maxPayloadSize", maxPayloadSize);
    n.putObject("filter").put("supported", true).put("maxResults", maxResults);
    n.putObject("changePassword").put("supported", false);
    n.putObject("sort").put("supported", sortSupported);
    // RFC 9865 §4: both pagination methods; index paging when the request names neither;
    // cursors hold their position and never expire (no cursorTimeout)
    n.putObject("pagination")
        .put("cursor", true)
        .put("index", true)
        .put("defaultPaginationMethod", "index")
        .put("defaultPageSize", defaultPageSize)
        .put("maxPageSize", maxResults);
    n.putObject("etag").put("supported", true);
    ObjectNode bearer = n.putArray("authenticationSchemes").addObject();
    bearer.put("type", "oauthbearertoken");
    bearer.put("name", "OAuth Bearer Token");
    bearer.put(
        "description", "A bearer token issued per organization: Authorization: Bearer <token>.");
    bearer.put("specUri", "https://www.rfc-editor.org/info/rfc6750");
    bearer.put("primary", true);
    ObjectNode meta = n.putObject("meta");
    meta.put("resourceType", "ServiceProviderConfig");
    meta.put("location", baseUrl + "/ServiceProviderConfig");
    return n;
  }
}
