// Browser test of the console's AWS sign-in (docs/console.md#in-aws), run by
// ConsoleCognitoBrowserIT: the Console Lambda function behind a plain HTTP server, a fake Cognito
// hosted UI. Sign in with the organization account, a write, sign out of both.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const { CONSOLE_URL, IDP_ORIGIN, EMAIL, PASSWORD, SCREENSHOTS, CHROMIUM } = process.env;
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
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (40[134])/.test(m.text())) errors.push("console: " + m.text());
  });
  page.on("response", (r) => {
    if (r.status() === 404 && !r.url().endsWith("/favicon.ico")) errors.push("404: " + r.url());
  });

  step("the page offers the organization account, not the admin token");
  await page.goto(CONSOLE_URL);
  const button = page.getByRole("link", { name: "Sign in with your organization account" });
  await button.waitFor();
  assert.equal(await page.getByLabel("Admin token").count(), 0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "signin-aws.png"), fullPage: true });

  step("sign in at the identity provider and come back signed in");
  await button.click();
  await page.getByRole("heading", { name: "Fake Cognito" }).waitFor();
  assert.ok(page.url().startsWith(IDP_ORIGIN + "/oauth2/authorize?"), page.url());
  const authorize = new URL(page.url()).searchParams;
  assert.equal(authorize.get("code_challenge_method"), "S256");
  assert.ok(authorize.get("state") && authorize.get("nonce") && authorize.get("code_challenge"));
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Organizations" }).waitFor();
  assert.ok(!page.url().includes("code=") && !page.url().includes("state="), "nothing of the flow in the URL: " + page.url());
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "scim_console");
  assert.ok(session, "a session cookie");
  assert.equal(session.httpOnly, true, "HttpOnly");
  assert.equal(session.sameSite, "Strict", "SameSite=Strict");
  assert.equal(session.path, "/console");
  assert.ok(!cookies.some((c) => c.name === "scim_console_login"), "the login cookie is gone");
  assert.ok(cookies.every((c) => !c.value.includes("eyJ")), "no JWT in a cookie");
  assert.equal(await page.evaluate(() => document.cookie), "", "nothing readable by script");
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, "no browser storage");

  step("a write (with the session's CSRF token)");
  const org = "cog-" + Date.now().toString(36);
  await page.getByLabel("Organization id").fill(org);
  await page.getByLabel("Name").fill("Cognito Org");
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByText("shown this once").waitFor();

  step("sign out of the console and of the identity provider");
  await page.getByRole("button", { name: "Sign out" }).click();
  await button.waitFor(); // back from the IdP's /logout to the console's sign-in
  assert.ok(page.url().startsWith(CONSOLE_URL), page.url());
  assert.ok(!(await context.cookies()).some((c) => c.name === "scim_console" && c.value), "the cookie is cleared");
  await context.addCookies([session]); // a copy of the old cookie no longer works
  const status = await page.evaluate(async () => (await fetch("/console/api/tenants")).status);
  assert.equal(status, 401, "the old session is over");

  assert.deepEqual(errors, []);
  console.log("console cognito browser test: ok");
} finally {
  await browser.close();
}
