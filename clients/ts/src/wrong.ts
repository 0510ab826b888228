// Proof that the types hold: every line below the @ts-expect-error marks is a
// mistake a front end could make, and `tsc` must reject it. Should the
// generated types ever stop catching one, the mark itself fails the build.
// Never called; only type-checked.
import type createClient from "openapi-fetch";
import type { paths } from "./schema.js";

export async function mistakes(api: ReturnType<typeof createClient<paths>>): Promise<void> {
  // @ts-expect-error a misspelt request field (usernme)
  await api.POST("/v1/users/login", { body: { usernme: "alice", password: "correct-horse" } });

  // @ts-expect-error a required request field left out (password)
  await api.POST("/v1/users/login", { body: { username: "alice" } });

  // @ts-expect-error a field of the wrong type (quantity as a string)
  await api.POST("/v1/orders", { params: { header: { "Idempotency-Key": "k" } }, body: { items: [{ productId: 1, quantity: "2" }] } });

  // @ts-expect-error the Idempotency-Key header left out
  await api.POST("/v1/orders", { body: { items: [{ productId: 1, quantity: 2 }] } });

  // @ts-expect-error a path user-api does not have
  await api.GET("/v1/user/me");

  const { data } = await api.GET("/v1/products/{id}", { params: { path: { id: 1 } } });
  // @ts-expect-error a misspelt response field (price instead of priceCents)
  console.log(data?.price);

  const { error } = await api.GET("/v1/orders/{id}", { params: { path: { id: 1 } } });
  // @ts-expect-error a code this operation never answers
  if (error?.code === "ALREADY_EXISTS") console.log(error.message);
}
