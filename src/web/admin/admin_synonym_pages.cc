// The synonym list of procedure search (issue 23, point 6): /quan-tri/tu-dong-nghia lists the
// names people use ("độc thân") with the catalogue's words they stand for ("xác nhận tình trạng
// hôn nhân"), adds or replaces one, and removes one. National data, as the procedure records are:
// the national administrator's (national.catalogue). Each change calls ProcedureService as an
// API client would and redirects (POST/redirect/GET).
#include "http/url.h"
#include "service/platform/principal.h"
#include "web/admin/admin_catalogue_pages.h"
#include "web/kit/form.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;

namespace {

Response RenderSynonyms(const WebDeps& deps, Request& req, const std::string& phrase,
                        const std::string& means, const FormErrors* errors,
                        const std::string& notice, int status) {
  const service::Principal& p = PagePrincipal(req);
  PageContext ctx = BasePageContext(req, deps, "admin.syn.title");
  Data d{Data::type::object};
  d.set("csrf", p.csrf);
  d.set("phrase", phrase);
  d.set("means", means);
  if (!notice.empty()) d.set("notice", notice);
  if (errors) errors->Into(d);
  auto list = deps.procedures->Synonyms();
  if (!list.ok()) return AdminErrorPage(req, deps, 503);
  Data items{Data::type::list};
  for (const auto& s : *list) {
    Data o{Data::type::object};
    o.set("phrase", s.phrase);
    o.set("means", s.means);
    o.set("try_href", "/thu-tuc?q=" + http::PercentEncode(s.phrase));
    o.set("remove_label", T(ctx, "admin.syn.remove_one", {{"phrase", s.phrase}}));
    items.push_back(o);
  }
  d.set("synonyms", items);
  d.set("empty", list->empty());
  return RenderPage(req, ctx, "admin_synonyms", std::move(d), status);
}

Response SynonymsPage(const WebDeps& deps, Request& req) {
  std::string notice;
  PageContext ctx = BasePageContext(req, deps);
  if (!req.Query("da-luu").empty()) notice = T(ctx, "admin.syn.saved");
  if (!req.Query("da-xoa").empty()) notice = T(ctx, "admin.syn.removed");
  return RenderSynonyms(deps, req, "", "", nullptr, notice, 200);
}

Response SynonymsSubmit(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  const PageContext ctx = BasePageContext(req, deps);
  const PostedForm f = ReadPostedForm(req);
  const std::string phrase = Trimmed(f.Get("phrase")), means = Trimmed(f.Get("means"));
  FormErrors errors;
  RefuseUnreadableText(f.not_utf8, ctx, &errors);
  if (!errors.empty()) return RenderSynonyms(deps, req, phrase, means, &errors, "", 400);
  if (f.Get("action") == "remove") {
    Status st = deps.procedures->RemoveSynonym(phrase, p.Id());
    if (st.ok() || st.code() == Code::kNotFound)
      return Response::Redirect("/quan-tri/tu-dong-nghia?da-xoa=1");
    return AdminErrorPage(req, deps, 503);
  }
  Status st = deps.procedures->SetSynonym(phrase, means, p.Id());
  if (st.ok()) return Response::Redirect("/quan-tri/tu-dong-nghia?da-luu=1");
  if (st.code() != Code::kInvalidArgument) return AdminErrorPage(req, deps, 503);
  for (const auto& fe : st.fields()) {
    const std::string key = fe.reason == "too_long" ? "admin.syn.too_long"
                            : fe.reason == "same"   ? "admin.syn.same"
                                                    : "admin.syn.required_" + fe.field;
    if (errors.Find(fe.field).empty()) errors.Add(fe.field, T(ctx, key));
  }
  return RenderSynonyms(deps, req, phrase, means, &errors, "", 400);
}

}  // namespace

std::vector<http::Route> AdminSynonymRoutes(const WebDeps& deps) {
  return {
      {Method::kGet, "/quan-tri/tu-dong-nghia", "perm:national.catalogue",
       [deps](Request& r) { return SynonymsPage(deps, r); }},
      {Method::kPost, "/quan-tri/tu-dong-nghia", "perm:national.catalogue",
       [deps](Request& r) { return SynonymsSubmit(deps, r); }},
  };
}

}  // namespace motcua::web
