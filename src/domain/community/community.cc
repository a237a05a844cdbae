#include "domain/community/community.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace motcua::community {

std::vector<HelpKind> DefaultHelpKinds() {
  return {
      {"vneid_installed", "Cài đặt ứng dụng VNeID", "VNeID app installed"},
      {"vneid_level2", "Hướng dẫn kích hoạt định danh điện tử mức 2",
       "Level-2 VNeID activation guided"},
      {"online_service", "Sử dụng dịch vụ công trực tuyến", "Online public services used"},
      {"cashless_payment", "Thanh toán không dùng tiền mặt", "Cashless payment set up"},
      {"ecommerce", "Tài khoản thương mại điện tử", "E-commerce account opened"},
      {"digital_skills_enrolled", "Tham gia khoá học \"Bình dân học vụ số\"",
       "Basic-digital-skills course enrolled"},
      {"digital_skills_completed", "Hoàn thành khoá học \"Bình dân học vụ số\"",
       "Basic-digital-skills course completed"},
  };
}

namespace {
// Returns true when `s` has min..max characters, each a digit, '-', an upper-case ASCII letter,
// or (when `lower_and_underscore`) a lower-case ASCII letter or '_'.
bool KeyChars(std::string_view s, size_t min, size_t max, bool lower_and_underscore) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    if ((c >= '0' && c <= '9') || c == '-' || (c >= 'A' && c <= 'Z')) return true;
    return lower_and_underscore && ((c >= 'a' && c <= 'z') || c == '_');
  });
}
bool IsKindKey(std::string_view s) {
  if (s.size() < 2 || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}
}  // namespace

Status ValidateHelpKinds(const std::vector<HelpKind>& kinds) {
  if (kinds.empty() || kinds.size() > 30) {
    return Status::InvalidArgument("a list of help kinds has 1 to 30 kinds",
                                   {{"kinds", "between 1 and 30 kinds"}});
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < kinds.size(); ++i) {
    const std::string at = "kinds/" + std::to_string(i);
    if (!IsKindKey(kinds[i].kind)) {
      return Status::InvalidArgument("a help kind's key is 2–40 of a-z, 0-9 and _",
                                     {{at + "/kind", "2–40 of a-z, 0-9 and _"}});
    }
    if (!seen.insert(kinds[i].kind).second) {
      return Status::InvalidArgument("help kind '" + kinds[i].kind + "' is listed twice",
                                     {{at + "/kind", "listed twice"}});
    }
    if (kinds[i].label_vi.empty() || kinds[i].label_en.empty()) {
      return Status::InvalidArgument("every help kind needs a Vietnamese and an English label",
                                     {{at + "/label_vi", "both labels are required"}});
    }
  }
  return Status::Ok();
}

bool HasHelpKind(const std::vector<HelpKind>& kinds, std::string_view kind) {
  return std::any_of(kinds.begin(), kinds.end(),
                     [&](const HelpKind& k) { return k.kind == kind; });
}

Result<std::string> NormaliseFlags(const std::vector<std::string>& flags) {
  static const std::set<std::string> kKnown = {"disability", "elderly", "ethnic_language"};
  std::set<std::string> out;
  for (const auto& f : flags) {
    if (!kKnown.count(f)) {
      return Status::InvalidArgument(
          "unknown vulnerable-group flag '" + f + "'; flags are elderly, disability, "
          "ethnic_language", {{"flags", "elderly, disability or ethnic_language"}});
    }
    out.insert(f);
  }
  std::string s;
  for (const auto& f : out) s += (s.empty() ? "" : " ") + f;
  return s;
}

bool IsVillageKind(std::string_view kind) {
  return kind == "thon" || kind == "ban" || kind == "to_dan_pho";
}

std::string_view ConsentMethodName(ConsentMethod m) {
  return m == ConsentMethod::kSignature ? "signature" : "otp";
}

std::optional<ConsentMethod> ParseConsentMethod(std::string_view name) {
  if (name == "signature") return ConsentMethod::kSignature;
  if (name == "otp") return ConsentMethod::kOneTimeCode;
  return std::nullopt;
}

Status CheckConsent(const Consent& c, const std::string& member,
                    const std::string& applicant_id_number, int64_t now) {
  if (c.member != member) {
    return Status::PermissionDenied(
        "this consent was given to another member; ask the resident to consent to you");
  }
  if (c.resident_id_number != applicant_id_number) {
    return Status::PermissionDenied(
        "this consent was given by another person: the applicant must consent themselves");
  }
  if (c.method == ConsentMethod::kSignature && !c.has_signature) {
    return Status::FailedPrecondition("the resident has not signed on the screen yet");
  }
  if (!c.confirmed_ms) {
    return Status::FailedPrecondition(
        "the resident has not confirmed the one-time code sent to their phone yet");
  }
  if (now - *c.confirmed_ms > kConsentValidityMs) {
    return Status::FailedPrecondition(
        "the resident's consent is older than 30 days; ask them to consent again");
  }
  return Status::Ok();
}

bool IsProvisionalCode(std::string_view code) {
  return KeyChars(code, 4, 40, false);
}

bool IsClientKey(std::string_view key) { return KeyChars(key, 8, 80, true); }

Refusal PlainRefusal(const Status& st) {
  std::string fields;
  for (const auto& f : st.fields()) {
    fields += (fields.empty() ? " (" : "; ") + f.field + ": " + f.message;
  }
  if (!fields.empty()) fields += ")";
  const std::string detail = st.message() + fields;
  const std::string& m = st.message();
  Refusal r;
  if (m.find("consent") != std::string::npos || m.find("authoris") != std::string::npos) {
    r = {"consent_missing",
         "Chưa có sự đồng ý hợp lệ của người dân (chữ ký trên màn hình hoặc mã một lần). "
         "Hãy xin người dân đồng ý rồi gửi lại.",
         "The resident's consent is missing or not valid (a signature on the screen or a "
         "one-time code). Ask the resident to consent, then send it again."};
  } else if (m.find("not offered online") != std::string::npos) {
    r = {"not_offered_online",
         "Thủ tục này không được nộp trực tuyến; người dân cần nộp tại Bộ phận một cửa "
         "hoặc qua bưu chính.",
         "This procedure cannot be filed online; the resident files it at the one-stop counter "
         "or by post."};
  } else {
    switch (st.code()) {
      case Code::kInvalidArgument:
      case Code::kUnsupportedMediaType:
      case Code::kResourceExhausted:
        r = {"invalid", "Hồ sơ thiếu hoặc sai thông tin; hãy sửa rồi gửi lại.",
             "Something in the dossier is missing or wrong; correct it and send it again."};
        break;
      case Code::kPermissionDenied:
      case Code::kUnauthenticated:
        r = {"not_allowed", "Bạn không được nộp hồ sơ này thay người dân.",
             "You may not file this dossier for the resident."};
        break;
      case Code::kUnavailable:
        r = {"unavailable", "Máy chủ đang bận; hồ sơ vẫn nằm trên máy, hãy đồng bộ lại sau.",
             "The server is busy; the dossier stays on the tablet: sync again later."};
        break;
      default:
        r = {"conflict", "Máy chủ không nhận hồ sơ này.", "The server did not accept this dossier."};
    }
  }
  r.vi += " Chi tiết: " + detail;
  r.en += " Detail: " + detail;
  return r;
}

std::optional<double> RatePct(int64_t persons, std::optional<int64_t> population) {
  if (!population || *population <= 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(persons) / static_cast<double>(*population)) /
         10.0;
}

std::optional<int64_t> SumPopulation(const std::vector<std::optional<int64_t>>& villages) {
  if (villages.empty()) return std::nullopt;
  int64_t sum = 0;
  for (const auto& v : villages) {
    if (!v) return std::nullopt;
    sum += *v;
  }
  return sum;
}

bool TargetMet(std::optional<double> rate, double target_pct) {
  return rate && *rate + 1e-9 >= target_pct;
}

}  // namespace motcua::community
