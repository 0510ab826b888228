// Where the storefront finds user-api: empty is this page's own origin, as
// behind the gateway. A server that serves this page from another origin
// (make run) serves its own config.js instead.
window.ZSUITE_API = "";
