// The storefront: the catalogue, a product, registration, log-in, the
// account overview, placing an order, the order list and cancelling, on
// user-api's public API. Typed by the schema generated from docs/openapi.yaml
// (clients/ts), sent by openapi-fetch; no framework.
//
// How it treats the API's answers, as docs/operations.md tells a client to:
//   - a Buy is one purchase intent with one Idempotency-Key: a double click,
//     or a retry after a timeout or a 503, sends the same key and so places
//     one order; the key changes only once the order is placed;
//   - 429: says when to retry, from Retry-After;
//   - 503: says to try again shortly (nothing was lost: a retry is safe);
//   - 400: shows the message, which names the field;
//   - the token lives in sessionStorage and travels in Authorization, never
//     in a cookie.
import createClient from "openapi-fetch";
import type { components, paths } from "../../ts/src/schema.js";

type Product = components["schemas"]["Product"];
type Order = components["schemas"]["Order"];
type ApiError = components["schemas"]["Error"];

declare global {
  interface Window {
    // The API's origin; empty: the page's own (behind the gateway).
    ZSUITE_API?: string;
  }
}

const api = createClient<paths>({ baseUrl: window.ZSUITE_API ?? "" });
const tokenKey = "zsuite.token";
const pageSize = 6;

api.use({
  onRequest({ request }) {
    const token = sessionStorage.getItem(tokenKey);
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
});

const app = document.getElementById("app") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const notice = document.getElementById("notice") as HTMLElement;

// h builds an element; children are nodes or text (never parsed as HTML).
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

// say shows what happened to the last request, or clears it.
function say(text: string, kind: "error" | "info" = "info") {
  notice.textContent = text;
  notice.className = text ? kind : "";
  notice.dataset.kind = text ? kind : "";
}

// explain turns a refused answer into what the user should do.
function explain(response: Response, error: ApiError | undefined): string {
  switch (response.status) {
    case 429: {
      const after = Number(response.headers.get("Retry-After") ?? "1");
      return `Too many requests: try again in ${Math.max(1, Math.ceil(after))} s.`;
    }
    case 503:
      return "The shop is busy or partly down: try again shortly. Nothing was lost.";
    case 401:
      return error?.message ?? "Please log in.";
    default:
      return error?.message ?? `Something went wrong (${response.status}).`;
  }
}

function loggedIn(): boolean {
  return sessionStorage.getItem(tokenKey) !== null;
}

function renderNav() {
  nav.replaceChildren(
    h("a", { href: "#/" }, "Catalogue"),
    ...(loggedIn()
      ? [h("a", { href: "#/account" }, "Account"), h("a", { href: "#/orders" }, "Orders"), h("a", { href: "#/logout", id: "logout" }, "Log out")]
      : [h("a", { href: "#/login" }, "Log in"), h("a", { href: "#/register" }, "Register")]),
  );
}

// A view that waits for the API renders only if the page is still the one
// it was asked for: a slow answer for a page the user has left (a click on
// another link while the catalogue loads) must not replace the page they
// are on. Each async view takes the hash at its start and shows through
// stale or show.
function stale(since: string): boolean {
  return location.hash !== since;
}

function show(since: string, ...nodes: (Node | string)[]) {
  if (!stale(since)) {
    app.replaceChildren(...nodes);
  }
}

// The catalogue, a page at a time.
async function catalogue(page: number) {
  const since = location.hash;
  const { data, error, response } = await api.GET("/v1/products", { params: { query: { page, pageSize } } });
  if (!data) {
    if (!stale(since)) say(explain(response, error), "error");
    return;
  }
  const pages = Math.max(1, Math.ceil(data.total / pageSize));
  show(
    since,
    h("h1", {}, "Catalogue"),
    h(
      "ul",
      { class: "products", id: "products" },
      ...data.items.map((p) =>
        h("li", {}, h("a", { href: `#/product/${p.id}` }, p.name), " ", h("span", { class: "price" }, money(p.priceCents)), p.stock > 0 ? "" : h("span", { class: "out" }, " sold out")),
      ),
    ),
    h(
      "p",
      { class: "pager" },
      page > 1 ? h("a", { href: `#/page/${page - 1}`, id: "prev" }, "← Previous") : "",
      ` Page ${page} of ${pages} `,
      page < pages ? h("a", { href: `#/page/${page + 1}`, id: "next" }, "Next →") : "",
    ),
  );
}

// A product, and its Buy button. The Idempotency-Key is the purchase
// intent's: made when the page shows the product, kept across retries, and
// replaced once the order is placed.
async function product(id: number) {
  const since = location.hash;
  const { data, error, response } = await api.GET("/v1/products/{id}", { params: { path: { id } } });
  if (!data) {
    if (!stale(since)) say(explain(response, error), "error");
    return;
  }
  const p: Product = data;
  let intent = crypto.randomUUID();
  let inFlight = false;
  const qty = h("input", { type: "number", id: "quantity", min: "1", max: "1000", value: "1" });
  const buy = h("button", { id: "buy" }, "Buy");
  buy.addEventListener("click", async () => {
    if (inFlight) {
      return; // a double click is the same purchase
    }
    if (!loggedIn()) {
      location.hash = "#/login";
      return;
    }
    inFlight = true;
    buy.disabled = true;
    say("Placing your order…");
    try {
      const r = await api.POST("/v1/orders", {
        params: { header: { "Idempotency-Key": intent } },
        body: { items: [{ productId: p.id, quantity: Number(qty.value) }] },
      });
      if (r.data) {
        intent = crypto.randomUUID(); // the next Buy is another purchase
        say(`Order ${r.data.id}: ${r.data.status}.`);
        location.hash = "#/orders";
      } else {
        // Same intent, same key: a retry cannot place a second order.
        say(explain(r.response, r.error), "error");
      }
    } catch {
      say("No answer from the shop: try again (the same purchase will not be placed twice).", "error");
    } finally {
      inFlight = false;
      buy.disabled = false;
    }
  });
  show(
    since,
    h("h1", { id: "product-name" }, p.name),
    h("p", {}, p.description),
    h("p", {}, h("span", { class: "price" }, money(p.priceCents)), ` · ${p.stock} in stock`),
    h("p", {}, h("label", {}, "Quantity ", qty), " ", buy),
  );
}

// form renders a titled form whose submit calls send with the fields' values.
function form(title: string, id: string, fields: [name: string, type: string, label: string][], send: (v: Record<string, string>) => Promise<void>) {
  const inputs = fields.map(([name, type, label]) => [name, h("input", { name, type, id: `${id}-${name}`, autocomplete: "off" }), label] as const);
  const submit = h("button", { type: "submit", id: `${id}-submit` }, title);
  const f = h("form", { id }, ...inputs.map(([, input, label]) => h("p", {}, h("label", {}, `${label} `, input))), submit);
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      await send(Object.fromEntries(inputs.map(([name, input]) => [name, input.value])));
    } finally {
      submit.disabled = false;
    }
  });
  app.replaceChildren(h("h1", {}, title), f);
}

function register() {
  form("Register", "register", [["username", "text", "Username"], ["password", "password", "Password"], ["email", "email", "Email (optional)"]], async (v) => {
    const body = { username: v.username ?? "", password: v.password ?? "", ...(v.email ? { email: v.email } : {}) };
    const { data, error, response } = await api.POST("/v1/users/register", { body });
    if (!data) {
      say(explain(response, error), "error");
      return;
    }
    say(`Welcome, ${data.username}: log in to shop.`);
    location.hash = "#/login";
  });
}

function login() {
  form("Log in", "login", [["username", "text", "Username"], ["password", "password", "Password"]], async (v) => {
    const { data, error, response } = await api.POST("/v1/users/login", { body: { username: v.username ?? "", password: v.password ?? "" } });
    if (!data) {
      say(explain(response, error), "error");
      return;
    }
    sessionStorage.setItem(tokenKey, data.accessToken);
    say("");
    location.hash = "#/account";
  });
}

function orderRows(orders: Order[], cancellable: boolean): HTMLElement {
  return h(
    "table",
    { class: "orders", id: "orders" },
    h("tr", {}, h("th", {}, "Order"), h("th", {}, "Items"), h("th", {}, "Total"), h("th", {}, "Status"), h("th", {}, "")),
    ...orders.map((o) => {
      const cell = h("td", {});
      if (cancellable && o.status === "CONFIRMED") {
        const cancel = h("button", { class: "cancel", "data-order": String(o.id) }, "Cancel");
        cancel.addEventListener("click", async () => {
          cancel.disabled = true;
          const r = await api.POST("/v1/orders/{id}/cancel", { params: { path: { id: o.id } } });
          if (!r.data) {
            say(explain(r.response, r.error), "error");
            cancel.disabled = false;
            return;
          }
          say(`Order ${o.id}: ${r.data.status}.`);
          await orders_(1);
        });
        cell.append(cancel);
      }
      return h(
        "tr",
        { "data-order": String(o.id) },
        h("td", {}, `#${o.id}`),
        h("td", {}, o.items.map((i) => `${i.quantity} × ${i.name}`).join(", ")),
        h("td", {}, money(o.totalCents)),
        h("td", { class: "status" }, o.status),
        cell,
      );
    }),
  );
}

// The account overview: the user, and the recent orders unless order-rpc
// is down, which the overview says rather than failing.
async function account() {
  const since = location.hash;
  const { data, error, response } = await api.GET("/v1/users/me/overview");
  if (!data) {
    if (response.status === 401) {
      sessionStorage.removeItem(tokenKey);
      location.hash = "#/login";
    } else if (stale(since)) {
      return;
    }
    say(explain(response, error), "error");
    return;
  }
  show(
    since,
    h("h1", {}, `Hello, ${data.user.username}`),
    h("p", {}, `Customer since ${new Date(data.user.createdAt).toLocaleDateString()}`),
    h("h2", {}, "Recent orders"),
    data.ordersUnavailable
      ? h("p", { class: "degraded", id: "orders-unavailable" }, "Your orders cannot be shown right now: try again shortly.")
      : orderRows(data.recentOrders, false),
  );
}

async function orders_(page: number) {
  const since = location.hash;
  const { data, error, response } = await api.GET("/v1/orders", { params: { query: { page, pageSize: 20 } } });
  if (!data) {
    if (!stale(since)) say(explain(response, error), "error");
    return;
  }
  show(since, h("h1", {}, "Your orders"), data.items.length ? orderRows(data.items, true) : h("p", {}, "No orders yet."));
}

async function route() {
  renderNav();
  const [, view = "", arg = ""] = location.hash.split("/");
  const needsLogin = ["account", "orders"].includes(view);
  if (needsLogin && !loggedIn()) {
    location.hash = "#/login";
    return;
  }
  switch (view) {
    case "product":
      return product(Number(arg));
    case "page":
      return catalogue(Math.max(1, Number(arg) || 1));
    case "register":
      return register();
    case "login":
      return login();
    case "logout":
      sessionStorage.removeItem(tokenKey);
      say("");
      location.hash = "#/";
      return;
    case "account":
      return account();
    case "orders":
      return orders_(1);
    default:
      return catalogue(1);
  }
}

window.addEventListener("hashchange", () => void route());
void route();
