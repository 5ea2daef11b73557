// Verifies webhook deliveries with the npm "standardwebhooks" package (a third-party Standard
// Webhooks implementation), not with our own code. Input (a file): {"secret": "whsec_...",
// "deliveries": [{"id", "timestamp", "signature", "body"}]}. Prints "verified N"; exits 1 with the
// id of the first delivery that does not verify.
const fs = require("fs");
const path = require("path");
const { Webhook } = require(path.join(process.argv[2], "node_modules", "standardwebhooks"));

const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const wh = new Webhook(input.secret);
let n = 0;
for (const d of input.deliveries) {
  try {
    const payload = wh.verify(d.body, {
      "webhook-id": d.id,
      "webhook-timestamp": d.timestamp,
      "webhook-signature": d.signature,
    });
    if (payload.id !== d.id) {
      throw new Error("payload id " + payload.id);
    }
    n++;
  } catch (e) {
    console.error("not verified: " + d.id + ": " + e.message);
    process.exit(1);
  }
}
console.log("verified " + n);
