// The README walkthrough, as a front end would write it: typed by the
// generated schema.d.ts, sent by openapi-fetch. A wrong path, field or type
// here fails `tsc`; a wrong answer from user-api fails the run.
//
//   node dist/smoke.js http://127.0.0.1:8888
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Order = components["schemas"]["Order"];

const baseUrl = process.argv[2] ?? "http://127.0.0.1:8888";
const api = createClient<paths>({ baseUrl });

function check(ok: unknown, what: string): asserts ok {
  if (!ok) {
    throw new Error(`smoke: ${what}`);
  }
}

// must returns the answer's data, or fails with the error body.
function must<T>(r: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (r.data === undefined) {
    throw new Error(`smoke: ${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
  }
  return r.data;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function main(): Promise<void> {
  // Register a customer and log in.
  const username = `alice_${Date.now().toString(36)}`;
  const password = "correct-horse";
  const user = must(
    await api.POST("/v1/users/register", { body: { username, password, email: `${username}@example.com` } }),
    "register",
  );
  check(user.username === username && user.role === "customer", `registered ${JSON.stringify(user)}`);
  const login = must(await api.POST("/v1/users/login", { body: { username, password } }), "login");
  const auth = bearer(login.accessToken);

  const me = must(await api.GET("/v1/users/me", { headers: auth }), "me");
  check(me.id === user.id, "me is the registered user");

  // Browse the catalogue (public).
  const page = must(await api.GET("/v1/products", { params: { query: { page: 1, pageSize: 5 } } }), "products");
  check(page.items.length > 0 && page.total >= page.items.length, "the catalogue has products");
  const [first, second] = page.items;
  check(first !== undefined && second !== undefined, "two products to order");
  const product = must(await api.GET("/v1/products/{id}", { params: { path: { id: first.id } } }), "product");
  check(product.name === first.name, "product by id");

  // Order: the Idempotency-Key makes a retry return the same order.
  const placeOrder = () =>
    api.POST("/v1/orders", {
      headers: auth,
      params: { header: { "Idempotency-Key": `first-order-${username}` } },
      body: { items: [{ productId: first.id, quantity: 2 }, { productId: second.id, quantity: 1 }] },
    });
  const order: Order = must(await placeOrder(), "order");
  check(order.status === "CONFIRMED", `order ${JSON.stringify(order)}`);
  check(order.totalCents === 2 * first.priceCents + second.priceCents, "order total");
  const retried = must(await placeOrder(), "order again with the same key");
  check(retried.id === order.id, "a retry with the same key answers the same order");

  // Read, list, cancel (twice: the second answers the same order).
  const got = must(await api.GET("/v1/orders/{id}", { headers: auth, params: { path: { id: order.id } } }), "get order");
  check(got.id === order.id, "order by id");
  const list = must(
    await api.GET("/v1/orders", { headers: auth, params: { query: { page: 1, pageSize: 10 } } }),
    "list orders",
  );
  check(list.items.some((o) => o.id === order.id), "the order is listed");
  for (const attempt of [1, 2]) {
    const cancelled = must(
      await api.POST("/v1/orders/{id}/cancel", { headers: auth, params: { path: { id: order.id } } }),
      `cancel ${attempt}`,
    );
    check(cancelled.status === "CANCELLED", `cancel ${attempt}: ${cancelled.status}`);
  }

  // The user and their latest orders.
  const overview = must(await api.GET("/v1/users/me/overview", { headers: auth }), "overview");
  check(overview.user.id === user.id && overview.recentOrders[0]?.id === order.id, "overview");

  // Errors are typed too: a second registration of the name.
  const again = await api.POST("/v1/users/register", { body: { username, password } });
  check(again.response.status === 409 && again.error?.code === "ALREADY_EXISTS", "a taken name is 409 ALREADY_EXISTS");

  // Admin: add a product, restock it.
  const adminLogin = must(
    await api.POST("/v1/users/login", { body: { username: "admin", password: "admin12345" } }),
    "admin login",
  );
  const admin = bearer(adminLogin.accessToken);
  const kettle = must(
    await api.POST("/v1/admin/products", {
      headers: admin,
      body: { name: "Kettle", description: "1.7 l", priceCents: 3900, stock: 20 },
    }),
    "add product",
  );
  const restocked = must(
    await api.POST("/v1/admin/products/{id}/stock", { headers: admin, params: { path: { id: kettle.id } }, body: { delta: 5 } }),
    "restock",
  );
  check(restocked.stock === 25, `restocked to ${restocked.stock}`);

  console.log(`smoke: the walkthrough passed against ${baseUrl} (order ${order.id}, product ${kettle.id})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
