// Browser test of the admin console (issue 11), run by ConsoleBrowserIT in `mvn verify`:
// Debian's Chromium driven by playwright-core. Saves a screenshot of each page into $SCREENSHOTS.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const { CONSOLE_URL, ADMIN_TOKEN, SCIM_ORIGIN, SCREENSHOTS, CHROMIUM } = process.env;
const shot = (page, name) => page.screenshot({ path: path.join(SCREENSHOTS, name + ".png"), fullPage: true });
const step = (s) => console.log("step: " + s);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push("pageerror: " + e.message));
  // expected refusals (401, 403, 409 from probes) and the browser's own favicon request aside,
  // any error on the page fails the test: a CSP violation is one
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (40[13459])/.test(m.text())) errors.push("console: " + m.text());
  });
  page.on("response", (r) => {
    if (r.status() === 404 && !r.url().endsWith("/favicon.ico")) errors.push("404: " + r.url());
  });
  page.on("dialog", (d) => d.accept()); // the Revoke confirm; an XSS alert would fail below

  step("sign in");
  await page.goto(CONSOLE_URL);
  await page.getByLabel("Admin token").waitFor();
  await shot(page, "signin");
  await page.getByLabel("Admin token").fill("wrong-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("That is not the admin token.").waitFor();
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Organizations" }).waitFor();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "scim_console");
  assert.ok(session, "a session cookie");
  assert.equal(session.httpOnly, true, "HttpOnly");
  assert.equal(session.sameSite, "Strict", "SameSite=Strict");
  assert.equal(await page.evaluate(() => document.cookie), "", "the session is not readable by script");

  step("create an organization (its name is an XSS probe)");
  const org = "acme-" + Date.now().toString(36);
  const evilName = "Acme <script>window.__xss=1</script>";
  await page.getByLabel("Organization id").fill(org);
  await page.getByLabel("Name").fill(evilName);
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByText("shown this once").waitFor();
  const token = (await page.locator("#token-value").textContent()).trim();
  assert.match(token, /^scim_/);
  assert.ok((await page.getByRole("heading", { level: 1 }).textContent()).includes("<script>"), "the name shows as text");
  await shot(page, "connection");
  const storage = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
  assert.ok(!storage.includes(token), "no token in browser storage");
  assert.ok(!page.url().includes(token), "no token in the URL");
  const base = (await page.locator("#base-url").textContent()).trim();
  assert.ok(base.endsWith("/scim/v2"), base);

  step("provision over HTTP with that token; one call fails (409)");
  const scim = (method, p, body, t = token) => fetch(SCIM_ORIGIN + "/scim/v2" + p, {
    method, headers: { Authorization: "Bearer " + t, "Content-Type": "application/scim+json", "User-Agent": "Okta SCIM Client 1.0.0" },
    body: body && JSON.stringify(body) });
  const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bjensen@example.com",
    displayName: "<img src=x onerror=\"window.__xss=2\">Barbara", active: true,
    emails: [{ value: "bjensen@example.com", type: "work", primary: true }] };
  const created = await scim("POST", "/Users", user);
  assert.equal(created.status, 201);
  const userId = (await created.json()).id;
  const dup = await scim("POST", "/Users", user);
  assert.equal(dup.status, 409);
  const dupId = dup.headers.get("x-request-id");
  assert.ok(dupId, "X-Request-Id");
  const group = await scim("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "GPT-4 Access", members: [{ value: userId }] });
  assert.equal(group.status, 201);

  step("the user under Users, as text");
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users" }).waitFor();
  await page.getByRole("cell", { name: "bjensen@example.com" }).waitFor();
  assert.ok((await page.locator("table").textContent()).includes("<img src=x"), "displayName shows as text");
  await page.getByRole("link", { name: "bjensen@example.com" }).click();
  await page.locator("#user-detail").getByText("GPT-4 Access").waitFor();
  await shot(page, "users");

  step("groups with members");
  await page.getByRole("link", { name: "Groups", exact: true }).click();
  await page.getByRole("link", { name: "GPT-4 Access" }).click();
  await page.locator("#group-detail").getByText("bjensen@example.com").waitFor();
  await shot(page, "groups");

  step("the failure under Provisioning activity, with its fix and request id");
  await page.getByRole("link", { name: "Provisioning activity" }).click();
  const row = page.locator(`tr[data-request-id="${dupId}"]`);
  for (let i = 0; i < 50 && (await row.count()) === 0; i++) { // the log is written off the request path
    await page.waitForTimeout(100);
    await page.getByRole("link", { name: "Provisioning activity" }).click();
  }
  await row.waitFor();
  const text = await row.textContent();
  assert.ok(text.includes("409"), text);
  assert.ok(text.includes("exists already"), text);
  assert.ok(text.includes(dupId), text);
  assert.ok(text.includes("Okta SCIM Client"), text);
  await shot(page, "activity");

  step("test connection");
  await page.getByRole("link", { name: "Test connection" }).click();
  await page.getByLabel("Token (as given to the IdP)").fill(token);
  await page.getByRole("button", { name: "Test" }).click();
  await page.getByText("It works").waitFor();
  await page.getByLabel("Token (as given to the IdP)").fill("scim_not_a_real_token");
  await page.getByRole("button", { name: "Test" }).click();
  await page.getByText("401: the token is wrong").waitFor();
  await shot(page, "test-connection");

  step("setup guides with this deployment's base URL");
  await page.getByRole("link", { name: "Setup guides" }).click();
  assert.ok((await page.locator("#curl").textContent()).includes(base));
  await shot(page, "guides");

  step("regenerate: the old token is refused");
  await page.getByRole("link", { name: "SCIM connection" }).click();
  await page.getByLabel("Regenerate (rotation)").selectOption("now");
  await page.getByRole("button", { name: "Regenerate" }).click();
  await page.getByText("The old token is revoked").waitFor();
  const fresh = (await page.locator("#token-value").textContent()).trim();
  assert.notEqual(fresh, token);
  assert.equal((await scim("GET", "/Users?count=1")).status, 401, "old token refused");
  assert.equal((await scim("GET", "/Users?count=1", undefined, fresh)).status, 200, "new token works");

  step("webhooks: add a subscription (secret shown once), a refused delivery is listed, replayed, removed");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await page.getByRole("heading", { name: "Subscriptions" }).waitFor();
  // the local gateway answers 404 on this path: a refusal, parked at once
  const hook = SCIM_ORIGIN + "/no-such-consumer";
  await page.getByLabel("Webhook URL").fill(hook);
  await page.getByLabel("user.created").check();
  await page.getByRole("button", { name: "Add webhook" }).click();
  await page.getByText("shown this once").waitFor();
  const whsec = (await page.locator("#webhook-secret").textContent()).trim();
  assert.match(whsec, /^whsec_/);
  await page.getByRole("cell", { name: hook }).waitFor();
  assert.equal((await scim("POST", "/Users", { ...user, userName: "hook@example.com", emails: [] }, fresh)).status, 201);
  const parked = page.locator("#dead-letters tr[data-dead-letter]");
  for (let i = 0; i < 100 && (await parked.count()) === 0; i++) { // delivered off the request path
    await page.waitForTimeout(100);
    await page.getByRole("button", { name: "Refresh" }).click();
  }
  await parked.first().waitFor();
  assert.ok((await parked.first().textContent()).includes("404"));
  assert.ok((await page.locator("#deliveries").textContent()).includes("parked"));
  await shot(page, "webhooks");
  await parked.first().getByRole("button", { name: "Replay" }).click();
  await page.getByText("not delivered (404)").waitFor();
  await page.getByRole("link", { name: "Webhooks" }).click();
  await page.getByRole("cell", { name: hook }).waitFor();
  assert.ok(!(await page.locator("main").textContent()).includes(whsec), "the secret is shown once only");
  await page.getByRole("button", { name: "Remove" }).click();
  await page.getByText("No subscriptions yet.").waitFor();

  step("CSRF: a write without the console's token is refused");
  const csrf = await page.evaluate(async () => (await fetch("/console/api/tenants", { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: "csrf-probe" }) })).status);
  assert.equal(csrf, 403);
  const formPost = await page.evaluate(async () => (await fetch("/console/api/tenants", { method: "POST",
    headers: { "Content-Type": "text/plain", "X-CSRF-Token": "forged" }, body: "{\"id\":\"csrf-probe\"}" })).status);
  assert.equal(formPost, 403);

  step("XSS probes never ran; CSP forbids inline script; assets under 200 KB");
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  const csp = (await page.request.get(CONSOLE_URL)).headers()["content-security-policy"];
  assert.ok(csp.includes("script-src 'self'") && !csp.includes("unsafe-inline"), csp);
  let bytes = 0;
  for (const a of ["", "app.js", "app.css"]) bytes += (await (await page.request.get(CONSOLE_URL + a)).body()).length;
  assert.ok(bytes < 200 * 1024, "assets " + bytes + " bytes");
  console.log("assets: " + bytes + " bytes");

  step("readable at 390 px");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("link", { name: "← Organizations" }).click();
  await page.getByRole("heading", { name: "Organizations" }).waitFor();
  await shot(page, "organizations-390px");
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, "organizations");

  step("keyboard: the sign-out button is reachable and labelled");
  await page.getByRole("button", { name: "Sign out" }).focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Admin token").waitFor();
  const after = await page.evaluate(async () => (await fetch("/console/api/tenants")).status);
  assert.equal(after, 401, "signed out");

  assert.deepEqual(errors, [], "no page errors, no CSP violations");
  console.log("console browser test: ok");
} finally {
  await browser.close();
}
