// Signs a callback with the provider's own SDK, for the receiver tests: reads {provider, secret, body, id, timestamp,
// url, params} as JSON on stdin, prints {headers, ...} as JSON on stdout.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign as ed25519Sign } from 'node:crypto';
import Stripe from 'stripe';
import { sign as githubSign, verify as githubVerify } from '@octokit/webhooks-methods';
import { createSHA256HMAC, HashFormat } from '@shopify/shopify-api/runtime';
import { verifySlackRequest } from '@slack/bolt';
import twilio from 'twilio';
import { Webhook as SvixWebhook } from 'svix';
import { Webhook as StandardWebhook } from 'standardwebhooks';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));
const { provider, secret, body, id, timestamp, url, params, privateKey: givenKey } = input;

async function signed() {
  switch (provider) {
    case 'stripe': {
      const stripe = new Stripe('sk_test_unused');
      const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
      // the SDK's own verifier accepts what its helper made (it throws otherwise)
      stripe.webhooks.constructEvent(body, header, secret, 1e9);
      return { headers: { 'Stripe-Signature': header } };
    }
    case 'github': {
      const signature = await githubSign(secret, body);
      if (!(await githubVerify(secret, body, signature))) throw new Error('octokit did not verify its own signature');
      return { headers: { 'X-Hub-Signature-256': signature } };
    }
    case 'shopify': {
      return { headers: { 'X-Shopify-Hmac-Sha256': await createSHA256HMAC(secret, body, HashFormat.Base64) } };
    }
    case 'slack': {
      // Bolt exports Slack's verifier, not a signer: sign as its verifier computes, and let it verify the result
      const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
      const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp };
      verifySlackRequest({ signingSecret: secret, body, headers, nowMilliseconds: timestamp * 1000 });
      return { headers: { 'X-Slack-Signature': signature, 'X-Slack-Request-Timestamp': String(timestamp) } };
    }
    case 'twilio': {
      const signature = twilio.getExpectedTwilioSignature(secret, url, params);
      if (!twilio.validateRequest(secret, signature, url, params)) throw new Error('twilio did not validate its own signature');
      return { headers: { 'X-Twilio-Signature': signature } };
    }
    case 'svix': {
      const signature = new SvixWebhook(secret).sign(id, new Date(timestamp * 1000), body);
      return { headers: { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signature } };
    }
    case 'standard': {
      const signature = new StandardWebhook(secret).sign(id, new Date(timestamp * 1000), body);
      return { headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature } };
    }
    case 'standard-v1a': {
      // standardwebhooks 1.1.1 signs v1 only: v1a (ed25519 over id.timestamp.body) is signed with Node's own ed25519,
      // with the given private key (PKCS#8, base64) or a new one
      const privateKey = givenKey
        ? createPrivateKey({ key: Buffer.from(givenKey, 'base64'), format: 'der', type: 'pkcs8' })
        : generateKeyPairSync('ed25519').privateKey;
      const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
      const signature = ed25519Sign(null, Buffer.from(`${id}.${timestamp}.${body}`), privateKey).toString('base64');
      return {
        publicKey: 'whpk_' + raw.toString('base64'),
        privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': 'v1a,' + signature },
      };
    }
    default:
      throw new Error('unknown provider ' + provider);
  }
}

process.stdout.write(JSON.stringify(await signed()));
