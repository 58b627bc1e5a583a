#include "web/page_response.hpp"

namespace sk::web {
namespace {

// Scripts: none. Styles: only the stylesheet served by us. Forms post only to us; no framing.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

void add_common_headers(http::Response& r, bool token_in_url) {
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.emplace_back("Referrer-Policy", token_in_url ? "no-referrer" : "same-origin");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

// Hand-written, small, mobile first: one column that never exceeds the viewport.
constexpr const char* kStylesheet = R"css(*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f8}
header{background:#1d2330;color:#fff;padding:.75rem 1rem}
header .org{font-weight:600;overflow-wrap:anywhere}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d8dbe3;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.card>h2:first-child{margin-top:0}
.notice p{margin:0}
dl{margin:0}dt{font-size:.85rem;color:#5a6275}dd{margin:0 0 .75rem;overflow-wrap:anywhere}
p{overflow-wrap:anywhere}
button,.button{display:inline-block;font:inherit;font-weight:600;border:0;border-radius:.4rem;padding:.7rem 1.2rem;
background:#2752d6;color:#fff;cursor:pointer;text-decoration:none;min-height:44px}
button.secondary,.button.secondary{background:#e4e7ef;color:#1d2330}
button.danger{background:#b42318}
button:focus-visible,.button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f5a524;outline-offset:2px}
.primary-action{width:100%}
.notice{border-left:4px solid #2752d6;background:#eef2fd;padding:.75rem 1rem;border-radius:.25rem;margin:0 0 1rem}
.notice.error{border-color:#b42318;background:#fdeceb}
.notice.ok{border-color:#157f3b;background:#e8f6ee}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.5rem .25rem;border-bottom:1px solid #e4e7ef;vertical-align:top;overflow-wrap:anywhere}
th{font-size:.8rem;color:#5a6275;font-weight:600}
.status{display:inline-block;white-space:nowrap;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;background:#e4e7ef}
.status.claimed{background:#d7f0df}.status.pending{background:#fdf1d3}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}
.actions form{margin:0}
.actions button{padding:.35rem .7rem;min-height:36px;font-size:.9rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=email]{font:inherit;width:100%;padding:.6rem;border:1px solid #b9bfcc;border-radius:.4rem;margin:0 0 .75rem}
.muted{color:#5a6275;font-size:.9rem}
@media (max-width:30rem){
  table,thead,tbody,tr,th,td{display:block}
  thead{display:none}
  tr{border-bottom:1px solid #d8dbe3;padding:.5rem 0}
  td{border:0;padding:.15rem 0}
}
)css";

}  // namespace

Html layout(std::string_view title, std::string_view organization_name, const Html& main) {
  return fill(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{} · {}</title><link rel=\"stylesheet\" href=\"/_portal/portal.css\"></head>\n"
      "<body><header><span class=\"org\">{}</span></header>\n<main>{}</main></body></html>\n",
      title, organization_name.empty() ? std::string_view("seatkeeper") : organization_name,
      organization_name.empty() ? std::string_view("seatkeeper") : organization_name, main);
}

http::Response page(const Html& document, PageOptions options) {
  http::Response r;
  r.status = options.status;
  r.body = document.str();
  r.content_type = "text/html; charset=utf-8";
  add_common_headers(r, options.token_in_url);
  return r;
}

http::Response see_other(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  add_common_headers(r, false);
  return r;
}

http::Response stylesheet() {
  http::Response r;
  r.body = kStylesheet;
  r.content_type = "text/css; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace sk::web
