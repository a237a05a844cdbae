// bench/sign: electronic results per second on one core (issue 17) — a typical one-page result
// drawn as PDF (cairo + pango, with its QR code), its detached CMS signature with an RSA-2048 unit
// key (UnitKeys::SignDetached), both together (what SignResult spends besides the store), and the
// check the verification page makes (UnitKeys::Verify: CMS over the bytes, against the chain).
// The unit key is made by UnitKeys in a temporary store; a throwaway CA made with the openssl
// CLI certifies it, as in the scenario test.
//
// Usage: bench_sign [seconds per case, default 3]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "base/env.h"
#include "render/forms.h"
#include "service/digitise/unit_keys.h"
#include "store/temp_store_for_test.h"

using namespace motcua;

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// Runs `fn` for about `seconds`; returns calls per second.
double Rate(double seconds, const std::function<void()>& fn) {
  fn();  // warm up
  int64_t n = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (Seconds(t0) < seconds) {
    fn();
    ++n;
  }
  return static_cast<double>(n) / Seconds(t0);
}

int Run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  Env& env = Env::Default();
  store::TempStore store("bench-sign", env);
  service::UnitKeys keys(env, *store, "bench-passphrase");
  auto k = keys.Create("03721", "Ủy ban nhân dân xã Thuận Châu", "Ủy ban nhân dân xã Thuận Châu",
                       "bench");
  if (!k.ok()) {
    fmt::print(stderr, "bench_sign: {}\n", k.status().message());
    return 1;
  }
  const std::string dir = store.dir().string();
  (void)env.WriteFileAtomic(dir + "/unit.csr", k->csr_pem);
  (void)env.WriteFileAtomic(dir + "/leaf.ext", "keyUsage=critical,digitalSignature,nonRepudiation\n");
  if (Run("cd " + dir + " && openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=Bench CA'"
          " -addext basicConstraints=critical,CA:TRUE -keyout ca.key -out ca.pem") != 0 ||
      Run("cd " + dir + " && openssl x509 -req -in unit.csr -CA ca.pem -CAkey ca.key "
          "-CAcreateserial -days 10 -extfile leaf.ext -out unit.pem") != 0) {
    fmt::print(stderr, "bench_sign: the openssl CLI could not make the throwaway CA\n");
    return 1;
  }
  auto imported = keys.Import("03721", *env.ReadFile(dir + "/unit.pem"), *env.ReadFile(dir + "/ca.pem"));
  auto key = keys.Active("03721");
  if (!imported.ok() || !key.ok()) {
    fmt::print(stderr, "bench_sign: cannot import the key\n");
    return 1;
  }

  render::ResultForm form;
  form.header = {"ỦY BAN NHÂN DÂN", "XÃ THUẬN CHÂU", "15/TLKS", "Thuận Châu", env.NowMs(),
                 "Ủy ban nhân dân xã Thuận Châu"};
  form.title = "TRÍCH LỤC KHAI SINH";
  form.dossier_code = "H14.03721-261208-0001";
  form.procedure = "Đăng ký khai sinh";
  form.applicant_name = "Lò Thị Mai";
  form.lines = {"Họ, chữ đệm, tên: Lò Văn An", "Ngày, tháng, năm sinh: 01/12/2026",
                "Giới tính: Nam", "Dân tộc: Thái", "Quốc tịch: Việt Nam",
                "Nơi sinh: Trạm Y tế xã Thuận Châu, tỉnh Sơn La",
                "Họ, chữ đệm, tên người mẹ: Lò Thị Mai", "Họ, chữ đệm, tên người cha: Cầm Văn Ban"};
  form.verify_code = "ABCDE-12345";
  form.verify_url = "https://motcua.example.vn/xac-thuc/ABCDE12345";
  form.signer = {"CHỦ TỊCH", "(Đã ký số)", "Lường Văn Thắng", "Chủ tịch Ủy ban nhân dân xã"};
  const std::string pdf = *render::RenderResultPdf(form);
  const std::string der = *service::UnitKeys::SignDetached(**key, pdf);
  const int64_t key_id = service::UnitKeys::IdOf(**key);
  const int64_t now = env.NowMs();
  auto check = keys.Verify(key_id, pdf, der, now);
  if (!check.ok() || !check->checks) {
    fmt::print(stderr, "bench_sign: the signature does not verify: {}\n",
               check.ok() ? check->error : check.status().message());
    return 1;
  }

  const double render = Rate(seconds, [&] { (void)render::RenderResultPdf(form); });
  const double sign = Rate(seconds, [&] { (void)service::UnitKeys::SignDetached(**key, pdf); });
  const double both = Rate(seconds, [&] {
    auto p = render::RenderResultPdf(form);
    (void)service::UnitKeys::SignDetached(**key, *p);
  });
  const double verify = Rate(seconds, [&] { (void)keys.Verify(key_id, pdf, der, now); });
  fmt::print("bench_sign: one-page result PDF {} bytes, signature {} bytes (RSA-2048, SHA-256), "
             "one thread, {:.0f} s per case\n\n",
             pdf.size(), der.size(), seconds);
  fmt::print("| case | per second (one core) | ms each |\n|---|---:|---:|\n");
  for (auto [name, rate] : {std::pair{"render the result PDF", render},
                            std::pair{"CMS-sign it (detached)", sign},
                            std::pair{"render + sign", both},
                            std::pair{"verify (page's check)", verify}}) {
    fmt::print("| {} | {:.0f} | {:.2f} |\n", name, rate, 1000.0 / rate);
  }
  return 0;
}
