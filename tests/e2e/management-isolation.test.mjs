// Organizations are isolated in the management API: another organization's token, given this
// organization's ids, can neither read, change nor delete them, nor point new subscriptions,
// orders or customer sessions at them; and nothing of the first organization changed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { startServer } from "../lib/harness.mjs";
import { managementWorld, seatPrice } from "../sdk/management_helpers.mjs";
import { assertError, call, email, stopServer } from "./helpers.mjs";

let server;
let mine;
let theirs;
const T = { timeout: 30000 };

before(async () => {
  server = await startServer();
  mine = await shop(managementWorld(server));
  theirs = managementWorld(server);
});
after(async () => stopServer(server));

async function created(path, token, body) {
  const r = await call(server, "POST", path, { token, body });
  assert.equal(r.status, 201, `${path} -> ${r.status} ${r.text}`);
  return r.body;
}

// One organization with one of everything: customer (with an external id), a member, recurring
// and one-time products, a subscription and an order.
async function shop(world) {
  const { token } = world;
  const customer = await created("/v1/customers/", token, { email: email("iso"), external_id: `ext-${world.n}` });
  const member = await created(`/v1/customers/${customer.id}/members`, token, { email: email("iso-member") });
  const recurring = await created("/v1/products/", token,
    { name: "Plan", recurring_interval: "month", prices: [seatPrice([[1, 10, 100]])] });
  const oneTime = await created("/v1/products/", token, { name: "Pack", prices: [seatPrice([[1, 10, 100]])] });
  const subscription = await created("/v1/subscriptions/", token, { product_id: recurring.id, customer_id: customer.id });
  const order = await created("/v1/orders/", token, { product_id: oneTime.id, customer_id: customer.id });
  // The customer as it stands now (adding its member touched it).
  const current = await call(server, "GET", `/v1/customers/${customer.id}`, { token });
  return { world, customer: current.body, member, recurring, oneTime, subscription, order };
}

const as = (method, path, body) => call(server, method, path, { token: theirs.token, body });
const notFound = (r, detail) => assertError(r, 404, "ResourceNotFound", detail);

test("another organization's customers cannot be read, changed or deleted", T, async () => {
  const { customer } = mine;
  notFound(await as("GET", `/v1/customers/${customer.id}`), "Customer not found");
  notFound(await as("PATCH", `/v1/customers/${customer.id}`, { name: "Taken" }), "Customer not found");
  notFound(await as("DELETE", `/v1/customers/${customer.id}`), "Customer not found");
  notFound(await as("GET", `/v1/customers/external/${customer.external_id}`), "Customer not found");
  notFound(await as("PATCH", `/v1/customers/external/${customer.external_id}`, { name: "Taken" }), "Customer not found");
  notFound(await as("DELETE", `/v1/customers/external/${customer.external_id}`), "Customer not found");
  const listed = await as("GET", `/v1/customers/?email=${encodeURIComponent(customer.email)}`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.items, []);
});

test("another organization's members cannot be read, changed, deleted or added to", T, async () => {
  const { customer, member } = mine;
  notFound(await as("GET", `/v1/customers/${customer.id}/members/${member.id}`), "Customer not found");
  notFound(await as("PATCH", `/v1/customers/${customer.id}/members/${member.id}`, { name: "Taken" }), "Customer not found");
  notFound(await as("DELETE", `/v1/customers/${customer.id}/members/${member.id}`), "Customer not found");
  notFound(await as("GET", `/v1/customers/${customer.id}/members`), "Customer not found");
  notFound(await as("POST", `/v1/customers/${customer.id}/members`, { email: email("intruder") }), "Customer not found");
  const listed = await as("GET", `/v1/members/?customer_id=${customer.id}`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.items, []);
});

test("another organization's products, subscriptions and orders cannot be read or changed", T, async () => {
  const { recurring, subscription, order } = mine;
  notFound(await as("GET", `/v1/products/${recurring.id}`), "Product not found");
  notFound(await as("PATCH", `/v1/products/${recurring.id}`, { name: "Taken" }), "Product not found");
  notFound(await as("GET", `/v1/subscriptions/${subscription.id}`), "Subscription not found");
  notFound(await as("PATCH", `/v1/subscriptions/${subscription.id}`, { seats: 3 }), "Subscription not found");
  notFound(await as("DELETE", `/v1/subscriptions/${subscription.id}`), "Subscription not found");
  notFound(await as("GET", `/v1/orders/${order.id}`), "Order not found");
  notFound(await as("POST", `/v1/orders/${order.id}/finalize`), "Order not found");
  for (const path of [`/v1/subscriptions/?customer_id=${mine.customer.id}`, `/v1/orders/?customer_id=${mine.customer.id}`,
    `/v1/products/?id=${recurring.id}`]) {
    const listed = await as("GET", path);
    assert.equal(listed.status, 200, `${path} ${listed.text}`);
    assert.deepEqual(listed.body.items, [], path);
  }
});

test("subscriptions, orders and sessions cannot point at another organization's customer or product", T, async () => {
  const own = await shop(theirs);
  const { customer, recurring, oneTime } = mine;
  const refused = [
    await as("POST", "/v1/subscriptions/", { product_id: recurring.id, customer_id: own.customer.id }),
    await as("POST", "/v1/subscriptions/", { product_id: own.recurring.id, customer_id: customer.id }),
    await as("POST", "/v1/orders/", { product_id: oneTime.id, customer_id: own.customer.id }),
    await as("POST", "/v1/orders/", { product_id: own.oneTime.id, customer_id: customer.id }),
    await as("POST", "/v1/customer-sessions/", { customer_id: customer.id }),
    await as("POST", "/v1/customer-sessions/", { external_customer_id: customer.external_id }),
  ];
  const where = (r) => `${r.status} ${r.body.error} ${r.body.detail?.[0]?.loc?.join(".")}: ${r.body.detail?.[0]?.msg}`;
  assert.deepEqual(refused.map(where), [
    "422 RequestValidationError body.product_id: Product does not exist.",
    "422 RequestValidationError body.customer_id: Customer does not exist.",
    "422 RequestValidationError body.product_id: Product does not exist.",
    "422 RequestValidationError body.customer_id: Customer does not exist.",
    "422 RequestValidationError body.customer_id: Customer does not exist.",
    "422 RequestValidationError body.external_customer_id: Customer does not exist.",
  ]);
});

test("after all that, the first organization's data is unchanged", T, async () => {
  const { token } = mine.world;
  const get = async (path) => {
    const r = await call(server, "GET", path, { token });
    assert.equal(r.status, 200, `${path} ${r.text}`);
    return r.body;
  };
  assert.deepEqual(await get(`/v1/customers/${mine.customer.id}`), mine.customer);
  assert.deepEqual(await get(`/v1/customers/${mine.customer.id}/members/${mine.member.id}`), mine.member);
  assert.deepEqual(await get(`/v1/products/${mine.recurring.id}`), mine.recurring);
  assert.deepEqual(await get(`/v1/subscriptions/${mine.subscription.id}`), mine.subscription);
  assert.deepEqual(await get(`/v1/orders/${mine.order.id}`), mine.order);
  assert.equal((await get("/v1/subscriptions/")).items.length, 1);
  assert.equal((await get("/v1/orders/")).items.length, 1);
});
