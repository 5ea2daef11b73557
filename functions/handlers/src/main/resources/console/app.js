// The SCIM admin console: a client of the Admin API (/console/api = /admin/v1 behind the console's
// session). No framework; every piece of data is put into the page as text (never as HTML), so a
// displayName "<script>" shows as text. Tokens live only in this page's memory: never in a URL,
// a cookie or browser storage.
"use strict";

const state = { csrf: null, signIn: "token", orgs: new Map() };
const main = () => document.getElementById("main");

// ---- DOM: elements built with text, never innerHTML ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick" || k === "onsubmit" || k === "oninput") e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
  m.focus();
}
function loading(what) { return el("p", { class: "muted", role: "status" }, "Loading " + what + "…"); }
function failure(err) { return el("div", { class: "error", role: "alert" }, err.message || String(err)); }
function when(iso) { return iso ? new Date(iso).toLocaleString() : "never"; }
function copyButton(getText, label) {
  return el("button", { type: "button", onclick: async (ev) => {
    try { await navigator.clipboard.writeText(getText()); ev.target.textContent = "Copied"; }
    catch { ev.target.textContent = "Select and copy"; }
  } }, label || "Copy");
}

// ---- the API ----
class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || ("HTTP " + status));
    this.status = status; this.problem = problem || {};
  }
}
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf || "";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch("/console/api" + path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { state.csrf = null; location.hash = "#/signin"; throw new ApiError(401, { detail: "Signed out." }); }
  const text = await r.text();
  const json = text ? JSON.parse(text) : {};
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

// ---- sign-in ----
async function restoreSession() {
  const r = await fetch("/console/session", { credentials: "same-origin" });
  const j = await r.json().catch(() => ({}));
  if (j.signIn) state.signIn = j.signIn; // "token" (local) or "oidc" (AWS: Cognito)
  if (r.ok) { state.csrf = j.csrf; }
  document.getElementById("signout").hidden = !state.csrf;
}
function signInPage() {
  if (state.signIn === "oidc") {
    show(el("h1", {}, "Sign in"),
      el("div", { class: "card" },
        el("p", {}, "Sign in with your organization account; new admins are invited by e-mail."),
        el("a", { class: "button primary", href: "/console/login" }, "Sign in with your organization account")));
    return;
  }
  const input = el("input", { id: "admin-token", type: "password", autocomplete: "off", required: true });
  const msg = el("div", { "aria-live": "assertive" });
  show(el("h1", {}, "Sign in"),
    el("form", { class: "card", onsubmit: async (ev) => {
      ev.preventDefault();
      msg.replaceChildren(loading("session"));
      const r = await fetch("/console/session", { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: input.value }) });
      input.value = "";
      if (!r.ok) { msg.replaceChildren(el("div", { class: "error", role: "alert" }, "That is not the admin token.")); return; }
      state.csrf = (await r.json()).csrf;
      document.getElementById("signout").hidden = false;
      location.hash = "#/orgs";
    } },
      el("label", { for: "admin-token" }, "Admin token"),
      input,
      el("p", { class: "muted" }, "Printed by scim-local.jar at start (or given with --admin-token)."),
      el("button", { class: "primary", type: "submit" }, "Sign in"), msg));
}
async function signOut() {
  const r = await fetch("/console/session", { method: "DELETE", credentials: "same-origin",
    headers: { "X-CSRF-Token": state.csrf || "" } });
  state.csrf = null;
  const out = await r.json().catch(() => ({}));
  if (out.signOutUrl) { location.assign(out.signOutUrl); return; } // the IdP's session ends too
  document.getElementById("signout").hidden = true;
  location.hash = "#/signin";
}

// ---- organizations ----
async function orgsPage() {
  const list = el("div", {}, loading("organizations"));
  const idInput = el("input", { id: "org-id", required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,63}" });
  const nameInput = el("input", { id: "org-name", required: true, maxlength: "200" });
  const msg = el("div", { "aria-live": "assertive" });
  show(el("h1", {}, "Organizations"), list,
    el("form", { class: "card", onsubmit: async (ev) => {
      ev.preventDefault();
      msg.replaceChildren(loading("the new organization"));
      try {
        const t = await api("POST", "/tenants", { id: idInput.value.trim(), name: nameInput.value.trim() });
        state.orgs.set(t.id, t);
        sessionToken.set(t.id, t.token); // shown once on the connection page
        location.hash = "#/org/" + encodeURIComponent(t.id) + "/connection";
      } catch (e) {
        msg.replaceChildren(failure(e.problem.field ? new Error(e.message + " (" + e.problem.field + ")") : e));
      }
    } },
      el("h2", {}, "Enable SCIM for an organization"),
      el("label", { for: "org-id" }, "Organization id"), idInput,
      el("p", { class: "muted" }, "Lower-case letters, digits and dashes, e.g. acme."),
      el("label", { for: "org-name" }, "Name"), nameInput,
      el("button", { class: "primary", type: "submit" }, "Create"), msg));
  try {
    const { tenants } = await api("GET", "/tenants");
    if (tenants.length === 0) { list.replaceChildren(el("p", { class: "card muted" }, "No organization yet: create one below.")); return; }
    const rows = await Promise.all(tenants.map(async (t) => {
      let d = t;
      try { d = await api("GET", "/tenants/" + encodeURIComponent(t.id)); } catch { /* counts unknown */ }
      state.orgs.set(t.id, d);
      const c = d.counts || {};
      return el("tr", {},
        el("td", {}, el("a", { href: "#/org/" + encodeURIComponent(t.id) + "/connection" }, t.name)),
        el("td", { class: "mono wide-only" }, t.id),
        el("td", {}, t.disabled ? el("span", { class: "badge bad" }, "disabled") : el("span", { class: "badge ok" }, "enabled")),
        el("td", {}, c.users === undefined ? "–" : String(c.users)),
        el("td", {}, c.activeUsers === undefined || c.activeUsers === null ? "–" : String(c.activeUsers)),
        el("td", {}, c.groups === undefined ? "–" : String(c.groups)),
        el("td", {}, when(d.lastRequestAt)));
    }));
    list.replaceChildren(el("div", { class: "card scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, ["Name", "Id", "Status", "Users", "Active", "Groups", "Last IdP request"].map((h) => el("th", { scope: "col", class: h === "Id" ? "wide-only" : null }, h)))),
      el("tbody", {}, rows))));
  } catch (e) { list.replaceChildren(failure(e)); }
}

// Token values shown once, kept in memory only until shown.
const sessionToken = new Map();

function orgNav(id, current) {
  const tabs = [["connection", "SCIM connection"], ["test", "Test connection"], ["activity", "Provisioning activity"],
    ["users", "Users"], ["groups", "Groups"], ["webhooks", "Webhooks"], ["guides", "Setup guides"]];
  return el("nav", { class: "tabs", "aria-label": "Organization" },
    el("a", { href: "#/orgs" }, "← Organizations"),
    tabs.map(([k, label]) => el("a", { href: "#/org/" + encodeURIComponent(id) + "/" + k, "aria-current": k === current ? "page" : null }, label)));
}
async function org(id) {
  if (!state.orgs.has(id) || !state.orgs.get(id).counts) state.orgs.set(id, await api("GET", "/tenants/" + encodeURIComponent(id)));
  return state.orgs.get(id);
}
function shownOnce(token) {
  return el("div", { class: "notice", role: "alert", id: "new-token" },
    el("strong", {}, "New token — shown this once. "),
    "Copy it now and paste it into the IdP as the bearer token; it cannot be shown again.",
    el("div", { class: "copyline" }, el("code", { id: "token-value" }, token.value), copyButton(() => token.value, "Copy token")));
}

async function connectionPage(id) {
  const body = el("div", {}, loading("the connection"));
  show(orgNav(id, "connection"), body);
  try {
    const o = await org(id);
    const fresh = sessionToken.get(id);
    sessionToken.delete(id);
    const tokensBox = el("div", {}, loading("tokens"));
    const msg = el("div", { "aria-live": "assertive" }, fresh ? shownOnce(fresh) : null);
    const grace = el("select", { id: "grace" },
      el("option", { value: "now" }, "Revoke the old token now"),
      el("option", { value: "keep" }, "Keep the old token until I revoke it (grace period)"));
    async function refresh() {
      const { tokens } = await api("GET", "/tenants/" + encodeURIComponent(id) + "/tokens");
      tokensBox.replaceChildren(el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, ["Token id", "Status", "Created", "Last used", ""].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, tokens.map((t) => el("tr", {},
          el("td", { class: "mono" }, t.id),
          el("td", {}, t.revoked ? el("span", { class: "badge bad" }, "revoked") : el("span", { class: "badge ok" }, "active")),
          el("td", {}, when(t.created)), el("td", {}, when(t.lastUsed)),
          el("td", {}, t.revoked ? "" : el("button", { type: "button", class: "danger", onclick: async () => {
            if (!confirm("Revoke " + t.id + "? The IdP using it stops provisioning.")) return;
            try { await api("DELETE", "/tenants/" + encodeURIComponent(id) + "/tokens/" + encodeURIComponent(t.id)); msg.replaceChildren(el("div", { class: "success" }, "Revoked " + t.id + ".")); await refresh(); }
            catch (e) { msg.replaceChildren(failure(e)); }
          } }, "Revoke"))))))));
      return tokens;
    }
    body.replaceChildren(
      el("h1", {}, o.name + " — SCIM connection"),
      o.disabled ? el("div", { class: "error" }, "This organization is disabled: every token is refused (401).") : null,
      el("section", {}, el("h2", {}, "SCIM base URL"),
        el("div", { class: "copyline" }, el("code", { id: "base-url" }, o.scimBaseUrl), copyButton(() => o.scimBaseUrl, "Copy URL")),
        el("p", { class: "muted" }, "Paste it into the IdP (Okta: SCIM connector base URL; Entra ID: Tenant URL; OneLogin: SCIM Base URL).")),
      el("section", {}, el("h2", {}, "Tokens"), msg, tokensBox,
        el("button", { type: "button", class: "primary", id: "generate", onclick: async () => {
          try { const t = await api("POST", "/tenants/" + encodeURIComponent(id) + "/tokens"); msg.replaceChildren(shownOnce(t)); await refresh(); }
          catch (e) { msg.replaceChildren(failure(e.status === 409 ? new Error("Two tokens are active already: revoke one first, or use Regenerate.") : e)); }
        } }, "Generate token"),
        el("div", {}, el("label", { for: "grace" }, "Regenerate (rotation)"), grace,
          el("button", { type: "button", id: "regenerate", onclick: async () => {
            try {
              const before = (await refresh()).filter((t) => !t.revoked);
              if (before.length >= 2) { msg.replaceChildren(failure(new Error("Two tokens are active: revoke the older one first."))); return; }
              const t = await api("POST", "/tenants/" + encodeURIComponent(id) + "/tokens");
              if (grace.value === "now") for (const old of before) await api("DELETE", "/tenants/" + encodeURIComponent(id) + "/tokens/" + encodeURIComponent(old.id));
              msg.replaceChildren(shownOnce(t), grace.value === "now"
                ? el("p", {}, "The old token is revoked: paste the new one into the IdP now.")
                : el("p", {}, "The old token keeps working until you revoke it: paste the new one into the IdP, test, then revoke the old one."));
              await refresh();
            } catch (e) { msg.replaceChildren(failure(e)); }
          } }, "Regenerate"))),
      el("section", {}, el("h2", {}, "Organization"),
        el("button", { type: "button", class: o.disabled ? "" : "danger", onclick: async () => {
          try { state.orgs.set(id, await api("PATCH", "/tenants/" + encodeURIComponent(id), { disabled: !o.disabled })); connectionPage(id); }
          catch (e) { msg.replaceChildren(failure(e)); }
        } }, o.disabled ? "Enable organization" : "Disable organization")));
    await refresh();
  } catch (e) { body.replaceChildren(failure(e)); }
}

// ---- test connection: the console calls the SCIM endpoint with the pasted token ----
async function testPage(id) {
  const o = await org(id).catch(() => ({ scimBaseUrl: "" }));
  const input = el("input", { id: "test-token", type: "password", autocomplete: "off" });
  const out = el("div", { "aria-live": "assertive" });
  show(orgNav(id, "test"), el("h1", {}, "Test connection"),
    el("form", { class: "card", onsubmit: async (ev) => {
      ev.preventDefault();
      out.replaceChildren(loading("the SCIM endpoint's answer"));
      let r;
      try {
        r = await fetch(new URL(o.scimBaseUrl).pathname + "/Users?count=1", { headers: { "Authorization": "Bearer " + input.value.trim(), "Accept": "application/scim+json" }, credentials: "omit" });
      } catch (e) { out.replaceChildren(failure(new Error("No answer from " + o.scimBaseUrl + ": " + e.message))); return; }
      input.value = "";
      const explain = {
        200: ["success", "It works: the IdP can provision with this token."],
        401: ["error", "401: the token is wrong, revoked, or its organization is disabled. Generate a new token on the SCIM connection page and paste it into the IdP (Okta: Authorization header as 'Bearer <token>'; Entra ID: Secret Token without 'Bearer')."],
        403: ["error", "403: the request was refused by the gateway (a WAF rule or an IAM policy). Ask your platform team."],
        429: ["notice", "429: too many requests for this organization right now. IdPs retry after the Retry-After seconds (" + (r.headers.get("Retry-After") || "?") + " s); nothing to change unless it persists."],
      }[r.status] || ["error", r.status + ": unexpected answer. Give the request id to your platform team."];
      out.replaceChildren(el("div", { class: explain[0], role: "status" }, explain[1]),
        el("p", { class: "muted" }, "Request id: ", el("code", {}, r.headers.get("X-Request-Id") || "–")));
    } },
      el("label", { for: "test-token" }, "Token (as given to the IdP)"), input,
      el("p", { class: "muted" }, "The console sends GET " + (o.scimBaseUrl || "") + "/Users?count=1 with it, as the IdP would."),
      el("button", { class: "primary", type: "submit" }, "Test"), out));
}

// ---- provisioning activity: errors first, cause and fix in plain words ----
function fixFor(r) {
  const attrs = (r.unknownAttributes || []).length ? " Ignored attributes: " + r.unknownAttributes.join(", ") + "." : "";
  switch (true) {
    case r.status === 401: return "The IdP's token is wrong or revoked: regenerate the token on the SCIM connection page and paste it into the IdP.";
    case r.status === 409: return "It exists already. Find the existing user or group under Users/Groups: the IdP should match it (its unique identifier is userName; groups by displayName) instead of creating it again.";
    case r.status === 429: return "Over the organization's rate limit: the IdP retries after Retry-After seconds. Nothing to do unless it lasts; then ask your platform team to raise the limit.";
    case r.status === 400 && ["invalidValue", "invalidPath", "noTarget", "invalidSyntax", "mutability"].includes(r.scimType): return "The IdP sent a value or attribute this server cannot take: check the attribute mapping in the IdP (userName, active, name.givenName, name.familyName, emails[type eq \"work\"].value)." + attrs;
    case r.status === 400: return "The IdP's request was refused (" + (r.scimType || "bad request") + "): check the attribute mapping." + attrs;
    case r.status === 404: return "The IdP refers to a user or group that no longer exists here: re-push or re-assign it in the IdP.";
    case r.status === 412: return "It changed since the IdP read it; the IdP retries.";
    case r.status === 413: return "The request is too large: push big groups in smaller batches.";
    case r.status >= 500: return "A failure on our side; the IdP retries. If it lasts, give the request id to your platform team.";
    default: return attrs ? "Succeeded, but some attributes were ignored: map them or remove them from the mapping." + attrs : "";
  }
}
function requestTable(requests) {
  return el("div", { class: "scroll" }, el("table", { class: "requests" },
    el("thead", {}, el("tr", {}, ["Time", "Status", "Request", "Cause and fix", "Request id", "IdP"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, requests.map((r) => el("tr", { "data-request-id": r.requestId },
      el("td", {}, when(r.time)),
      el("td", {}, el("span", { class: "badge " + (r.status >= 400 ? "bad" : "ok") }, String(r.status)), r.scimType ? el("div", { class: "muted" }, r.scimType) : null),
      el("td", { class: "mono" }, r.method + " " + r.route),
      el("td", {}, r.detail ? el("div", {}, r.detail) : null, el("p", { class: "fix" }, fixFor(r))),
      el("td", { class: "mono" }, r.requestId),
      el("td", { class: "muted" }, r.userAgent || "–"))))));
}
async function activityPage(id) {
  const errors = el("div", {}, loading("failed requests"));
  const recent = el("div", {}, loading("recent requests"));
  show(orgNav(id, "activity"), el("h1", {}, "Provisioning activity"),
    el("section", {}, el("h2", {}, "Failed IdP requests (30 days)"), errors),
    el("section", {}, el("h2", {}, "Recent successful requests"), recent));
  const t = "/tenants/" + encodeURIComponent(id) + "/requests";
  api("GET", t + "?outcome=error&limit=100").then((p) => errors.replaceChildren(p.requests.length ? requestTable(p.requests) : el("p", { class: "muted" }, "No failed request: all good."))).catch((e) => errors.replaceChildren(failure(e)));
  api("GET", t + "?outcome=success&limit=25").then((p) => recent.replaceChildren(p.requests.length ? requestTable(p.requests) : el("p", { class: "muted" }, "No request yet: has the IdP been connected?"))).catch((e) => recent.replaceChildren(failure(e)));
}

// ---- users and groups (read-only: the IdP owns them) ----
function scimFilter(attrs, term) {
  const q = term.replace(/\\/g, "\\\\").replace(/"/g, "\\\"");
  return attrs.map((a) => a + " sw \"" + q + "\"").join(" or ");
}
async function directoryPage(id, kind) {
  const isUsers = kind === "users";
  const input = el("input", { id: "search", type: "search", placeholder: isUsers ? "userName, displayName or externalId starts with…" : "displayName or externalId starts with…" });
  const results = el("div", {}, loading(kind));
  const detail = el("div", {});
  async function search() {
    results.replaceChildren(loading(kind));
    const term = input.value.trim();
    const params = new URLSearchParams({ count: "50" });
    if (term) params.set("filter", scimFilter(isUsers ? ["userName", "displayName", "externalId"] : ["displayName", "externalId"], term));
    try {
      const list = await api("GET", "/tenants/" + encodeURIComponent(id) + "/" + kind + "?" + params);
      const rows = (list.Resources || []).map((r) => el("tr", {},
        el("td", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); (isUsers ? userDetail : groupDetail)(id, r.id, detail); } }, isUsers ? r.userName : r.displayName)),
        isUsers ? el("td", {}, r.displayName || [r.name && r.name.givenName, r.name && r.name.familyName].filter(Boolean).join(" ") || "–") : null,
        isUsers ? el("td", {}, r.active === false ? el("span", { class: "badge bad" }, "deactivated") : el("span", { class: "badge ok" }, "active")) : null,
        el("td", { class: "mono" }, r.externalId || "–"),
        el("td", { class: "mono wide-only" }, r.id)));
      results.replaceChildren(el("p", { class: "muted" }, list.totalResults + " found" + (list.totalResults > rows.length ? ", showing " + rows.length : "")),
        el("div", { class: "scroll" }, el("table", {}, el("thead", {}, el("tr", {},
          (isUsers ? ["userName", "Name", "Status", "externalId", "id"] : ["displayName", "externalId", "id"]).map((h) => el("th", { scope: "col", class: h === "id" ? "wide-only" : null }, h)))), el("tbody", {}, rows))));
    } catch (e) { results.replaceChildren(failure(e)); }
  }
  show(orgNav(id, kind), el("h1", {}, isUsers ? "Users" : "Groups"),
    el("p", { class: "muted" }, "Read-only: the IdP owns the directory; change it there."),
    el("form", { class: "card", role: "search", onsubmit: (ev) => { ev.preventDefault(); search(); } },
      el("label", { for: "search" }, "Search"), input, el("button", { type: "submit" }, "Search")),
    results, detail);
  search();
}
async function userDetail(id, userId, box) {
  box.replaceChildren(loading("the user"));
  try {
    const u = await api("GET", "/tenants/" + encodeURIComponent(id) + "/users/" + encodeURIComponent(userId));
    box.replaceChildren(el("section", { id: "user-detail" }, el("h2", {}, u.userName),
      el("p", {}, u.active === false ? el("span", { class: "badge bad" }, "deactivated") : el("span", { class: "badge ok" }, "active")),
      el("p", {}, "Emails: ", (u.emails || []).map((e) => e.value).join(", ") || "–"),
      el("p", {}, "Groups: ", (u.groups || []).map((g) => g.display || g.value).join(", ") || "none")));
  } catch (e) { box.replaceChildren(failure(e)); }
}
async function groupDetail(id, groupId, box) {
  const members = el("tbody", {});
  const more = el("button", { type: "button", hidden: true }, "More members");
  let cursor = null;
  async function page() {
    const q = new URLSearchParams({ limit: "50" });
    if (cursor) q.set("cursor", cursor);
    const p = await api("GET", "/tenants/" + encodeURIComponent(id) + "/groups/" + encodeURIComponent(groupId) + "/members?" + q);
    for (const m of p.members) members.append(el("tr", {}, el("td", {}, m.userName || "–"), el("td", { class: "mono" }, m.value)));
    cursor = p.next; more.hidden = !cursor;
  }
  more.addEventListener("click", () => page().catch((e) => box.append(failure(e))));
  box.replaceChildren(loading("the group"));
  try {
    const g = await api("GET", "/tenants/" + encodeURIComponent(id) + "/groups/" + encodeURIComponent(groupId));
    box.replaceChildren(el("section", { id: "group-detail" }, el("h2", {}, g.displayName),
      el("div", { class: "scroll" }, el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "userName"), el("th", { scope: "col" }, "id"))), members)), more));
    await page();
  } catch (e) { box.replaceChildren(failure(e)); }
}

// ---- setup guides, with this deployment's base URL filled in ----
async function guidesPage(id) {
  const o = await org(id).catch(() => ({ scimBaseUrl: "<base URL>" }));
  const base = o.scimBaseUrl;
  const mapping = el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "SCIM attribute"), el("th", { scope: "col" }, "Okta"), el("th", { scope: "col" }, "Entra ID"), el("th", { scope: "col" }, "OneLogin"))),
    el("tbody", {}, [
      ["userName (unique)", "Username", "userPrincipalName", "Email or Username"],
      ["active", "(managed by assignment)", "Switch([IsSoftDeleted], …)", "(managed by assignment)"],
      ["name.givenName", "First name", "givenName", "First Name"],
      ["name.familyName", "Last name", "surname", "Last Name"],
      ["emails[type eq \"work\"].value", "Primary email", "mail", "Email"],
      ["group displayName (≤ 100 characters)", "Push Groups", "displayName", "Groups / Roles"],
      ["group members", "Push Groups", "members", "Groups"]].map((r) => el("tr", {}, r.map((c, i) => el("td", { class: i === 0 ? "mono" : null }, c))))));
  const guide = (title, steps) => el("section", {}, el("h2", {}, title), el("ol", {}, steps.map((s) => el("li", {}, s))));
  show(orgNav(id, "guides"), el("h1", {}, "Setup guides"),
    guide("Okta", ["Applications → your app → General: enable SCIM provisioning.",
      ["Provisioning → Integration: SCIM connector base URL = ", el("code", {}, base), "; Unique identifier field for users = userName."],
      "Supported provisioning actions: Push New Users, Push Profile Updates, Push Groups; Authentication Mode = HTTP Header.",
      "Authorization = Bearer <token> (generate it on the SCIM connection page); Test Connector Configuration; Save.",
      "Provisioning → To App: enable Create Users, Update User Attributes, Deactivate Users."]),
    guide("Microsoft Entra ID", ["Enterprise applications → your app → Provisioning → Provisioning Mode = Automatic.",
      ["Tenant URL = ", el("code", {}, base), "; Secret Token = the token (without 'Bearer')."],
      "Test Connection, then Save; Mappings: check the user and group attribute mappings below.",
      "Set Provisioning Status = On; assign users and groups to the application."]),
    guide("OneLogin", ["Applications → Add App → SCIM Provisioner with SAML (SCIM v2 Enterprise).",
      ["Configuration: SCIM Base URL = ", el("code", {}, base), "; SCIM Bearer Token = the token."],
      "Enable the API connection; Provisioning: enable provisioning and choose what happens on deletion.",
      "Parameters: map the attributes below; Rules: map groups."]),
    el("section", {}, el("h2", {}, "Attribute mapping"), el("div", { class: "scroll" }, mapping)),
    el("section", {}, el("h2", {}, "Verify connectivity"),
      el("div", { class: "copyline" }, el("code", { id: "curl" }, "curl -H \"Authorization: Bearer $TOKEN\" " + base + "/Users?count=1"),
        copyButton(() => "curl -H \"Authorization: Bearer $TOKEN\" " + base + "/Users?count=1"))),
    el("section", {}, el("h2", {}, "Troubleshooting"), el("ul", {},
      el("li", {}, "401: the token is wrong, revoked or the organization is disabled — regenerate it and paste it into the IdP."),
      el("li", {}, "409: the user or group exists already — make the IdP match it by userName / displayName."),
      el("li", {}, "429: over the rate limit — IdPs retry after Retry-After."),
      el("li", {}, "400 invalidValue / invalidPath / ignored attributes — fix the attribute mapping."),
      el("li", {}, "See Provisioning activity for each failed request, its cause and its request id."))));
}

// ---- webhooks: subscriptions (secret shown once), recent deliveries, dead letters ----
const EVENT_TYPES = ["user.created", "user.updated", "user.deactivated", "user.reactivated", "user.deleted",
  "group.created", "group.updated", "group.deleted", "group.member_added", "group.member_removed"];
function secretOnce(w) {
  return el("div", { class: "notice", role: "alert", id: "new-secret" },
    el("strong", {}, "New webhook secret — shown this once. "),
    "Give it to the receiving app, which verifies each delivery's webhook-signature with it (Standard Webhooks); it cannot be shown again.",
    el("div", { class: "copyline" }, el("code", { id: "webhook-secret" }, w.secret), copyButton(() => w.secret, "Copy secret")));
}
function outcomeBadge(outcome) {
  return el("span", { class: "badge " + (outcome === "delivered" ? "ok" : "bad") }, outcome);
}
async function webhooksPage(id) {
  const body = el("div", {}, loading("webhooks"));
  show(orgNav(id, "webhooks"), body);
  const base = "/tenants/" + encodeURIComponent(id) + "/webhooks";
  try {
    const o = await org(id);
    const msg = el("div", { "aria-live": "assertive" });
    const subsBox = el("div", {}, loading("subscriptions"));
    const deliveriesBox = el("div", { id: "deliveries" }, loading("deliveries"));
    const deadBox = el("div", { id: "dead-letters" }, loading("dead letters"));
    const url = el("input", { id: "webhook-url", type: "url", placeholder: "https://app.example/scim-events", required: true });
    const types = EVENT_TYPES.map((t) => el("input", { type: "checkbox", id: "type-" + t, value: t }));
    async function refresh() {
      const [{ webhooks }, { deliveries }, { deadLetters }] = await Promise.all([
        api("GET", base), api("GET", base + "/deliveries?limit=50"), api("GET", base + "/dead-letters")]);
      subsBox.replaceChildren(webhooks.length === 0 ? el("p", { class: "muted" }, "No subscriptions yet.") :
        el("div", { class: "scroll" }, el("table", {},
          el("thead", {}, el("tr", {}, ["Webhook id", "URL", "Event types", "Created", ""].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, webhooks.map((w) => el("tr", {},
            el("td", { class: "mono" }, w.id), el("td", { class: "mono" }, w.url),
            el("td", {}, w.types.length ? w.types.join(", ") : "all"), el("td", {}, when(w.created)),
            el("td", {}, el("button", { type: "button", class: "danger", onclick: async () => {
              if (!confirm("Remove " + w.id + "? Nothing more is delivered to " + w.url + ".")) return;
              try { await api("DELETE", base + "/" + encodeURIComponent(w.id)); msg.replaceChildren(el("div", { class: "success" }, "Removed " + w.id + ".")); await refresh(); }
              catch (e) { msg.replaceChildren(failure(e)); }
            } }, "Remove"))))))));
      deliveriesBox.replaceChildren(deliveries.length === 0 ? el("p", { class: "muted" }, "No deliveries in the last 7 days.") :
        el("div", { class: "scroll" }, el("table", {},
          el("thead", {}, el("tr", {}, ["Time", "Webhook", "Event", "webhook-id", "Attempt", "Status", "Outcome"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, deliveries.map((d) => el("tr", {},
            el("td", {}, when(d.time)), el("td", { class: "mono" }, d.webhook), el("td", {}, d.type),
            el("td", { class: "mono" }, d.eventId), el("td", {}, String(d.attempt)),
            el("td", {}, d.status === null ? (d.error || "no answer") : String(d.status)), el("td", {}, outcomeBadge(d.outcome))))))));
      deadBox.replaceChildren(deadLetters.length === 0 ? el("p", { class: "muted" }, "No failed deliveries.") :
        el("div", { class: "scroll" }, el("table", {},
          el("thead", {}, el("tr", {}, ["Parked", "Webhook", "Event", "webhook-id", "Attempts", "Last status", ""].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, deadLetters.map((l) => el("tr", { "data-dead-letter": l.id },
            el("td", {}, when(l.parkedAt)), el("td", { class: "mono" }, l.webhook), el("td", {}, l.type),
            el("td", { class: "mono" }, l.eventId), el("td", {}, String(l.attempts)),
            el("td", {}, l.lastStatus === null ? (l.lastError || "no answer") : String(l.lastStatus)),
            el("td", {}, el("button", { type: "button", onclick: async () => {
              try {
                const r = await api("POST", base + "/dead-letters/" + encodeURIComponent(l.id) + "/replay");
                msg.replaceChildren(r.delivered ? el("div", { class: "success" }, "Replayed " + l.eventId + ": delivered (" + r.status + ").")
                  : failure(new Error("Replayed " + l.eventId + ": not delivered (" + (r.status === null ? r.error : r.status) + "); it stays in the failed deliveries.")));
                await refresh();
              } catch (e) { msg.replaceChildren(failure(e)); }
            } }, "Replay"))))))));
    }
    body.replaceChildren(
      el("h1", {}, o.name + " — Webhooks"),
      el("p", { class: "muted" }, "Each subscription gets this organization's provisioning events as signed Standard Webhooks, in order per resource, retried for 24 hours."),
      msg,
      el("section", {}, el("h2", {}, "Subscriptions"), subsBox,
        el("form", { onsubmit: async (ev) => {
          ev.preventDefault();
          try {
            const chosen = types.filter((t) => t.checked).map((t) => t.value);
            const w = await api("POST", base, chosen.length ? { url: url.value, types: chosen } : { url: url.value });
            msg.replaceChildren(secretOnce(w)); url.value = ""; types.forEach((t) => { t.checked = false; });
            await refresh();
          } catch (e) { msg.replaceChildren(failure(e)); }
        } },
          el("label", { for: "webhook-url" }, "Webhook URL"), url,
          el("fieldset", {}, el("legend", {}, "Event types (none checked: all)"),
            types.map((t) => el("label", { class: "check" }, t, " " + t.value))),
          el("button", { type: "submit", class: "primary" }, "Add webhook"))),
      el("section", {}, el("h2", {}, "Recent deliveries"),
        el("button", { type: "button", onclick: () => refresh().catch((e) => msg.replaceChildren(failure(e))) }, "Refresh"), deliveriesBox),
      el("section", {}, el("h2", {}, "Failed deliveries"), deadBox));
    await refresh();
  } catch (e) { body.replaceChildren(failure(e)); }
}

// ---- routing ----
async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (!state.csrf) await restoreSession();
  if (!state.csrf) { signInPage(); return; }
  try {
    if (parts[0] === "org" && parts[1]) {
      const page = { connection: connectionPage, test: testPage, activity: activityPage,
        users: (id) => directoryPage(id, "users"), groups: (id) => directoryPage(id, "groups"), webhooks: webhooksPage, guides: guidesPage }[parts[2]] || connectionPage;
      await page(parts[1]);
    } else { await orgsPage(); }
  } catch (e) { show(failure(e)); }
}
window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("signout").addEventListener("click", signOut);
  route();
});
