// node_modules/openapi-fetch/dist/index.mjs
var PATH_PARAM_RE = /\{[^{}]+\}/g;
var supportsRequestInitExt = () => {
  return typeof process === "object" && Number.parseInt(process?.versions?.node?.substring(0, 2)) >= 18 && process.versions.undici;
};
function randomID() {
  return Math.random().toString(36).slice(2, 11);
}
function createClient(clientOptions) {
  let {
    baseUrl = "",
    Request: CustomRequest = globalThis.Request,
    fetch: baseFetch = globalThis.fetch,
    querySerializer: globalQuerySerializer,
    bodySerializer: globalBodySerializer,
    pathSerializer: globalPathSerializer,
    headers: baseHeaders,
    requestInitExt = void 0,
    ...baseOptions
  } = { ...clientOptions };
  requestInitExt = supportsRequestInitExt() ? requestInitExt : void 0;
  baseUrl = removeTrailingSlash(baseUrl);
  const globalMiddlewares = [];
  async function coreFetch(schemaPath, fetchOptions) {
    const {
      baseUrl: localBaseUrl,
      fetch = baseFetch,
      Request = CustomRequest,
      headers,
      params = {},
      parseAs = "json",
      querySerializer: requestQuerySerializer,
      bodySerializer = globalBodySerializer ?? defaultBodySerializer,
      pathSerializer: requestPathSerializer,
      body,
      middleware: requestMiddlewares = [],
      ...init
    } = fetchOptions || {};
    let finalBaseUrl = baseUrl;
    if (localBaseUrl) {
      finalBaseUrl = removeTrailingSlash(localBaseUrl) ?? baseUrl;
    }
    let querySerializer = typeof globalQuerySerializer === "function" ? globalQuerySerializer : createQuerySerializer(globalQuerySerializer);
    if (requestQuerySerializer) {
      querySerializer = typeof requestQuerySerializer === "function" ? requestQuerySerializer : createQuerySerializer({
        ...typeof globalQuerySerializer === "object" ? globalQuerySerializer : {},
        ...requestQuerySerializer
      });
    }
    const pathSerializer = requestPathSerializer || globalPathSerializer || defaultPathSerializer;
    const serializedBody = body === void 0 ? void 0 : bodySerializer(
      body,
      // Note: we declare mergeHeaders() both here and below because it’s a bit of a chicken-or-egg situation:
      // bodySerializer() needs all headers so we aren’t dropping ones set by the user, however,
      // the result of this ALSO sets the lowest-priority content-type header. So we re-merge below,
      // setting the content-type at the very beginning to be overwritten.
      // Lastly, based on the way headers work, it’s not a simple “present-or-not” check becauase null intentionally un-sets headers.
      mergeHeaders(baseHeaders, headers, params.header)
    );
    const finalHeaders = mergeHeaders(
      // with no body, we should not to set Content-Type
      serializedBody === void 0 || // if serialized body is FormData; browser will correctly set Content-Type & boundary expression
      serializedBody instanceof FormData ? {} : {
        "Content-Type": "application/json"
      },
      baseHeaders,
      headers,
      params.header
    );
    const finalMiddlewares = [...globalMiddlewares, ...requestMiddlewares];
    const requestInit = {
      redirect: "follow",
      ...baseOptions,
      ...init,
      body: serializedBody,
      headers: finalHeaders
    };
    let id;
    let options;
    let request = new Request(
      createFinalURL(schemaPath, { baseUrl: finalBaseUrl, params, querySerializer, pathSerializer }),
      requestInit
    );
    let response;
    for (const key in init) {
      if (!(key in request)) {
        request[key] = init[key];
      }
    }
    if (finalMiddlewares.length) {
      id = randomID();
      options = Object.freeze({
        baseUrl: finalBaseUrl,
        fetch,
        parseAs,
        querySerializer,
        bodySerializer,
        pathSerializer
      });
      for (const m of finalMiddlewares) {
        if (m && typeof m === "object" && typeof m.onRequest === "function") {
          const result = await m.onRequest({
            request,
            schemaPath,
            params,
            options,
            id
          });
          if (result) {
            if (result instanceof Request) {
              request = result;
            } else if (result instanceof Response) {
              response = result;
              break;
            } else {
              throw new Error("onRequest: must return new Request() or Response() when modifying the request");
            }
          }
        }
      }
    }
    if (!response) {
      try {
        response = await fetch(request, requestInitExt);
      } catch (error2) {
        let errorAfterMiddleware = error2;
        if (finalMiddlewares.length) {
          for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
            const m = finalMiddlewares[i];
            if (m && typeof m === "object" && typeof m.onError === "function") {
              const result = await m.onError({
                request,
                error: errorAfterMiddleware,
                schemaPath,
                params,
                options,
                id
              });
              if (result) {
                if (result instanceof Response) {
                  errorAfterMiddleware = void 0;
                  response = result;
                  break;
                }
                if (result instanceof Error) {
                  errorAfterMiddleware = result;
                  continue;
                }
                throw new Error("onError: must return new Response() or instance of Error");
              }
            }
          }
        }
        if (errorAfterMiddleware) {
          throw errorAfterMiddleware;
        }
      }
      if (finalMiddlewares.length) {
        for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
          const m = finalMiddlewares[i];
          if (m && typeof m === "object" && typeof m.onResponse === "function") {
            const result = await m.onResponse({
              request,
              response,
              schemaPath,
              params,
              options,
              id
            });
            if (result) {
              if (!(result instanceof Response)) {
                throw new Error("onResponse: must return new Response() when modifying the response");
              }
              response = result;
            }
          }
        }
      }
    }
    const contentLength = response.headers.get("Content-Length");
    if (response.status === 204 || request.method === "HEAD" || contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked")) {
      return response.ok ? { data: void 0, response } : { error: void 0, response };
    }
    if (response.ok) {
      const getResponseData = async () => {
        if (parseAs === "stream") {
          return response.body;
        }
        if (parseAs === "json" && !contentLength) {
          const raw = await response.text();
          return raw ? JSON.parse(raw) : void 0;
        }
        return await response[parseAs]();
      };
      return { data: await getResponseData(), response };
    }
    let error = await response.text();
    try {
      error = JSON.parse(error);
    } catch {
    }
    return { error, response };
  }
  return {
    request(method, url, init) {
      return coreFetch(url, { ...init, method: method.toUpperCase() });
    },
    /** Call a GET endpoint */
    GET(url, init) {
      return coreFetch(url, { ...init, method: "GET" });
    },
    /** Call a PUT endpoint */
    PUT(url, init) {
      return coreFetch(url, { ...init, method: "PUT" });
    },
    /** Call a POST endpoint */
    POST(url, init) {
      return coreFetch(url, { ...init, method: "POST" });
    },
    /** Call a DELETE endpoint */
    DELETE(url, init) {
      return coreFetch(url, { ...init, method: "DELETE" });
    },
    /** Call a OPTIONS endpoint */
    OPTIONS(url, init) {
      return coreFetch(url, { ...init, method: "OPTIONS" });
    },
    /** Call a HEAD endpoint */
    HEAD(url, init) {
      return coreFetch(url, { ...init, method: "HEAD" });
    },
    /** Call a PATCH endpoint */
    PATCH(url, init) {
      return coreFetch(url, { ...init, method: "PATCH" });
    },
    /** Call a TRACE endpoint */
    TRACE(url, init) {
      return coreFetch(url, { ...init, method: "TRACE" });
    },
    /** Register middleware */
    use(...middleware) {
      for (const m of middleware) {
        if (!m) {
          continue;
        }
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new Error("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
        }
        globalMiddlewares.push(m);
      }
    },
    /** Unregister middleware */
    eject(...middleware) {
      for (const m of middleware) {
        const i = globalMiddlewares.indexOf(m);
        if (i !== -1) {
          globalMiddlewares.splice(i, 1);
        }
      }
    }
  };
}
function serializePrimitiveParam(name, value, options) {
  if (value === void 0 || value === null) {
    return "";
  }
  if (typeof value === "object") {
    throw new Error(
      "Deeply-nested arrays/objects aren\u2019t supported. Provide your own `querySerializer()` to handle these."
    );
  }
  return `${name}=${options?.allowReserved === true ? value : encodeURIComponent(value)}`;
}
function serializeObjectParam(name, value, options) {
  if (!value || typeof value !== "object") {
    return "";
  }
  const values = [];
  const joiner = {
    simple: ",",
    label: ".",
    matrix: ";"
  }[options.style] || "&";
  if (options.style !== "deepObject" && options.explode === false) {
    for (const k in value) {
      values.push(k, options.allowReserved === true ? value[k] : encodeURIComponent(value[k]));
    }
    const final2 = values.join(",");
    switch (options.style) {
      case "form": {
        return `${name}=${final2}`;
      }
      case "label": {
        return `.${final2}`;
      }
      case "matrix": {
        return `;${name}=${final2}`;
      }
      default: {
        return final2;
      }
    }
  }
  for (const k in value) {
    const finalName = options.style === "deepObject" ? `${name}[${k}]` : k;
    values.push(serializePrimitiveParam(finalName, value[k], options));
  }
  const final = values.join(joiner);
  return options.style === "label" || options.style === "matrix" ? `${joiner}${final}` : final;
}
function serializeArrayParam(name, value, options) {
  if (!Array.isArray(value)) {
    return "";
  }
  if (options.explode === false) {
    const joiner2 = { form: ",", spaceDelimited: "%20", pipeDelimited: "|" }[options.style] || ",";
    const final = (options.allowReserved === true ? value : value.map((v) => encodeURIComponent(v))).join(joiner2);
    switch (options.style) {
      case "simple": {
        return final;
      }
      case "label": {
        return `.${final}`;
      }
      case "matrix": {
        return `;${name}=${final}`;
      }
      // case "spaceDelimited":
      // case "pipeDelimited":
      default: {
        return `${name}=${final}`;
      }
    }
  }
  const joiner = { simple: ",", label: ".", matrix: ";" }[options.style] || "&";
  const values = [];
  for (const v of value) {
    if (options.style === "simple" || options.style === "label") {
      values.push(options.allowReserved === true ? v : encodeURIComponent(v));
    } else {
      values.push(serializePrimitiveParam(name, v, options));
    }
  }
  return options.style === "label" || options.style === "matrix" ? `${joiner}${values.join(joiner)}` : values.join(joiner);
}
function createQuerySerializer(options) {
  return function querySerializer(queryParams) {
    const search = [];
    if (queryParams && typeof queryParams === "object") {
      for (const name in queryParams) {
        const value = queryParams[name];
        if (value === void 0 || value === null) {
          continue;
        }
        if (Array.isArray(value)) {
          if (value.length === 0) {
            continue;
          }
          search.push(
            serializeArrayParam(name, value, {
              style: "form",
              explode: true,
              ...options?.array,
              allowReserved: options?.allowReserved || false
            })
          );
          continue;
        }
        if (typeof value === "object") {
          search.push(
            serializeObjectParam(name, value, {
              style: "deepObject",
              explode: true,
              ...options?.object,
              allowReserved: options?.allowReserved || false
            })
          );
          continue;
        }
        search.push(serializePrimitiveParam(name, value, options));
      }
    }
    return search.join("&");
  };
}
function defaultPathSerializer(pathname, pathParams) {
  let nextURL = pathname;
  for (const match of pathname.match(PATH_PARAM_RE) ?? []) {
    let name = match.substring(1, match.length - 1);
    let explode = false;
    let style = "simple";
    if (name.endsWith("*")) {
      explode = true;
      name = name.substring(0, name.length - 1);
    }
    if (name.startsWith(".")) {
      style = "label";
      name = name.substring(1);
    } else if (name.startsWith(";")) {
      style = "matrix";
      name = name.substring(1);
    }
    if (!pathParams || pathParams[name] === void 0 || pathParams[name] === null) {
      continue;
    }
    const value = pathParams[name];
    if (Array.isArray(value)) {
      nextURL = nextURL.replace(match, serializeArrayParam(name, value, { style, explode }));
      continue;
    }
    if (typeof value === "object") {
      nextURL = nextURL.replace(match, serializeObjectParam(name, value, { style, explode }));
      continue;
    }
    if (style === "matrix") {
      nextURL = nextURL.replace(match, `;${serializePrimitiveParam(name, value)}`);
      continue;
    }
    nextURL = nextURL.replace(match, style === "label" ? `.${encodeURIComponent(value)}` : encodeURIComponent(value));
  }
  return nextURL;
}
function defaultBodySerializer(body, headers) {
  if (body instanceof FormData) {
    return body;
  }
  if (headers) {
    const contentType = headers.get instanceof Function ? headers.get("Content-Type") ?? headers.get("content-type") : headers["Content-Type"] ?? headers["content-type"];
    if (contentType === "application/x-www-form-urlencoded") {
      return new URLSearchParams(body).toString();
    }
  }
  return JSON.stringify(body);
}
function createFinalURL(pathname, options) {
  let finalURL = `${options.baseUrl}${pathname}`;
  if (options.params?.path) {
    finalURL = options.pathSerializer(finalURL, options.params.path);
  }
  let search = options.querySerializer(options.params.query ?? {});
  if (search.startsWith("?")) {
    search = search.substring(1);
  }
  if (search) {
    finalURL += `?${search}`;
  }
  return finalURL;
}
function mergeHeaders(...allHeaders) {
  const finalHeaders = new Headers();
  for (const h2 of allHeaders) {
    if (!h2 || typeof h2 !== "object") {
      continue;
    }
    const iterator = h2 instanceof Headers ? h2.entries() : Object.entries(h2);
    for (const [k, v] of iterator) {
      if (v === null) {
        finalHeaders.delete(k);
      } else if (Array.isArray(v)) {
        for (const v2 of v) {
          finalHeaders.append(k, v2);
        }
      } else if (v !== void 0) {
        finalHeaders.set(k, v);
      }
    }
  }
  return finalHeaders;
}
function removeTrailingSlash(url) {
  if (url.endsWith("/")) {
    return url.substring(0, url.length - 1);
  }
  return url;
}

// src/main.ts
var api = createClient({ baseUrl: window.ZSUITE_API ?? "" });
var tokenKey = "zsuite.token";
var pageSize = 6;
api.use({
  onRequest({ request }) {
    const token = sessionStorage.getItem(tokenKey);
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  }
});
var app = document.getElementById("app");
var nav = document.getElementById("nav");
var notice = document.getElementById("notice");
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
}
var money = (cents) => `$${(cents / 100).toFixed(2)}`;
function say(text, kind = "info") {
  notice.textContent = text;
  notice.className = text ? kind : "";
  notice.dataset.kind = text ? kind : "";
}
function explain(response, error) {
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
function loggedIn() {
  return sessionStorage.getItem(tokenKey) !== null;
}
function renderNav() {
  nav.replaceChildren(
    h("a", { href: "#/" }, "Catalogue"),
    ...loggedIn() ? [h("a", { href: "#/account" }, "Account"), h("a", { href: "#/orders" }, "Orders"), h("a", { href: "#/logout", id: "logout" }, "Log out")] : [h("a", { href: "#/login" }, "Log in"), h("a", { href: "#/register" }, "Register")]
  );
}
function stale(since) {
  return location.hash !== since;
}
function show(since, ...nodes) {
  if (!stale(since)) {
    app.replaceChildren(...nodes);
  }
}
async function catalogue(page) {
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
      ...data.items.map(
        (p) => h("li", {}, h("a", { href: `#/product/${p.id}` }, p.name), " ", h("span", { class: "price" }, money(p.priceCents)), p.stock > 0 ? "" : h("span", { class: "out" }, " sold out"))
      )
    ),
    h(
      "p",
      { class: "pager" },
      page > 1 ? h("a", { href: `#/page/${page - 1}`, id: "prev" }, "\u2190 Previous") : "",
      ` Page ${page} of ${pages} `,
      page < pages ? h("a", { href: `#/page/${page + 1}`, id: "next" }, "Next \u2192") : ""
    )
  );
}
async function product(id) {
  const since = location.hash;
  const { data, error, response } = await api.GET("/v1/products/{id}", { params: { path: { id } } });
  if (!data) {
    if (!stale(since)) say(explain(response, error), "error");
    return;
  }
  const p = data;
  let intent = crypto.randomUUID();
  let inFlight = false;
  const qty = h("input", { type: "number", id: "quantity", min: "1", max: "1000", value: "1" });
  const buy = h("button", { id: "buy" }, "Buy");
  buy.addEventListener("click", async () => {
    if (inFlight) {
      return;
    }
    if (!loggedIn()) {
      location.hash = "#/login";
      return;
    }
    inFlight = true;
    buy.disabled = true;
    say("Placing your order\u2026");
    try {
      const r = await api.POST("/v1/orders", {
        params: { header: { "Idempotency-Key": intent } },
        body: { items: [{ productId: p.id, quantity: Number(qty.value) }] }
      });
      if (r.data) {
        intent = crypto.randomUUID();
        say(`Order ${r.data.id}: ${r.data.status}.`);
        location.hash = "#/orders";
      } else {
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
    h("p", {}, h("span", { class: "price" }, money(p.priceCents)), ` \xB7 ${p.stock} in stock`),
    h("p", {}, h("label", {}, "Quantity ", qty), " ", buy)
  );
}
function form(title, id, fields, send) {
  const inputs = fields.map(([name, type, label]) => [name, h("input", { name, type, id: `${id}-${name}`, autocomplete: "off" }), label]);
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
    const body = { username: v.username ?? "", password: v.password ?? "", ...v.email ? { email: v.email } : {} };
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
function orderRows(orders, cancellable) {
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
        h("td", {}, o.items.map((i) => `${i.quantity} \xD7 ${i.name}`).join(", ")),
        h("td", {}, money(o.totalCents)),
        h("td", { class: "status" }, o.status),
        cell
      );
    })
  );
}
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
    data.ordersUnavailable ? h("p", { class: "degraded", id: "orders-unavailable" }, "Your orders cannot be shown right now: try again shortly.") : orderRows(data.recentOrders, false)
  );
}
async function orders_(page) {
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
