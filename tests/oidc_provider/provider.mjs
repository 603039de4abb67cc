// A real OpenID Connect provider for the test suite (npm "oidc-provider").
//
// Configured like FranceConnect v2: authorization-code flow, acr "eidas1",
// ID token and userinfo signed (RS256), one scope per identity claim, and an
// end-session endpoint. Sign-in needs no form: the interaction endpoint logs
// the test account in and grants consent at once, so a plain HTTP client can
// drive the whole flow.
//
// Usage: node provider.mjs PORT CONFIG_JSON
//   CONFIG_JSON: {"clients": [...], "account": {"sub": ..., claims...}, "idTokenTtl": 3600}
// Prints "READY <issuer>" on stdout once it listens.
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const config = JSON.parse(process.argv[3]);
const issuer = `http://127.0.0.1:${port}`;
const account = config.account;

const provider = new Provider(issuer, {
  clients: config.clients,
  acrValues: ["eidas1"],
  claims: {
    openid: ["sub"],
    given_name: ["given_name"],
    family_name: ["family_name"],
    birthdate: ["birthdate"],
    email: ["email", "email_verified"],
    profile: ["given_name", "family_name", "birthdate"],
  },
  scopes: ["openid", "given_name", "family_name", "birthdate", "email", "profile"],
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // A plain page whose form a test client can parse and submit.
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html><body>${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
          </body></html>`;
      },
    },
  },
  findAccount: async (_ctx, sub) => {
    if (sub !== account.sub) return undefined;
    return { accountId: sub, claims: async () => ({ ...account }) };
  },
  ttl: { IdToken: config.idTokenTtl || 3600 },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["test-only-cookie-key"] },
  pkce: { required: () => false },
});

// Lets a test read what the provider last received (e.g. the acr_values asked for).
let lastAuthorization = null;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  lastAuthorization = details.params;
  const result = {};
  if (details.prompt.name === "login") {
    result.login = { accountId: account.sub, acr: "eidas1" };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    result.consent = { grantId: await grant.save() };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith("/interaction/")) {
    interaction(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  } else if (req.url === "/_test/last-authorization") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(lastAuthorization));
  } else {
    callback(req, res);
  }
});
server.listen(port, "127.0.0.1", () => {
  console.log(`READY ${issuer}`);
});
