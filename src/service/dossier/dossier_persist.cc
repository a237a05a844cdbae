#include "service/dossier/dossier_persist.h"

#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "service/dossier/dossier_codec.h"
#include "service/platform/outbox.h"

namespace motcua::service {

using dossier::NationalStatus;
using nlohmann::json;

std::string StreamOf(const std::string& code) { return "dossier/" + code; }

std::optional<int64_t> OptInt(const store::Row& r, int i) {
  return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i));
}

store::Value OrNull(const std::optional<int64_t>& v) {
  return v ? store::Value{*v} : store::Value{nullptr};
}

// Loads a dossier by folding its events; `exists` is false when there are none.
Result<dossier::Dossier> LoadIn(store::ReadTx& tx, const std::string& code) {
  std::vector<dossier::DossierEvent> events;
  Status bad = Status::Ok();
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT type, at_ms, actor, body FROM events WHERE stream = ? ORDER BY seq",
      {StreamOf(code)}, [&](const store::Row& r) {
        if (!bad.ok()) return;
        auto e = ParseDossierEvent(r.Text(0), r.Int(1), r.Text(2), r.Text(3));
        if (!e.ok()) {
          bad = e.status().WithPrefix("dossier " + code);
          return;
        }
        events.push_back(std::move(*e));
      }));
  MOTCUA_RETURN_IF_ERROR(bad);
  return dossier::Replay(events);
}

Result<std::vector<dossier::DossierEvent>> EventsIn(store::ReadTx& tx, const std::string& code) {
  std::vector<dossier::DossierEvent> events;
  Status bad = Status::Ok();
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT type, at_ms, actor, body FROM events WHERE stream = ? ORDER BY seq",
      {StreamOf(code)}, [&](const store::Row& r) {
        auto e = ParseDossierEvent(r.Text(0), r.Int(1), r.Text(2), r.Text(3));
        if (!e.ok()) {
          if (bad.ok()) bad = e.status();
          return;
        }
        events.push_back(std::move(*e));
      }));
  MOTCUA_RETURN_IF_ERROR(bad);
  return events;
}


namespace {

json ApplicantJson(const dossier::Applicant& a) {
  return {{"kind", a.kind == dossier::ApplicantKind::kPerson ? "person" : "organisation"},
          {"full_name", a.full_name},
          {"id_number", a.id_number},
          {"phone", a.phone},
          {"email", a.email},
          {"address", a.address}};
}

// The notification an event sends the applicant, if any (domain: accepted, supplementation
// requested, result ready, apology; refusal and stop, so an applicant who is not at the counter
// learns of them too).
std::optional<std::pair<std::string, std::string>> Notification(const dossier::DossierEvent& e,
                                                                const dossier::Dossier& d,
                                                                const std::string& link) {
  const std::string& code = d.header.id;
  std::string subject, body;
  switch (e.type) {
    case dossier::EventType::kAccepted:
      subject = "Hồ sơ " + code + " đã được tiếp nhận / Your dossier was accepted";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name + ") đã được tiếp nhận lúc " +
             FormatRfc3339Vietnam(e.at) + ".\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kSupplementationRequested:
    case dossier::EventType::kSentBackForCompletion: {
      subject = "Hồ sơ " + code + " cần bổ sung / Your dossier needs more documents";
      body = "Hồ sơ " + code + " cần bổ sung:\n";
      for (const auto& i : e.items) body += " - " + i + "\n";
      if (!e.reason.empty()) body += "Lý do: " + e.reason + "\n";
      body += "Tra cứu: " + link + "\n";
      break;
    }
    case dossier::EventType::kResultReady:
      subject = "Hồ sơ " + code + " đã có kết quả / Your result is ready";
      body = "Kết quả hồ sơ " + code + " đã sẵn sàng để trả.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kRefused:
      // Mẫu 03 goes to the applicant with its reason (domain §3.2); online applicants also see it,
      // and can download it, on their dossier page.
      subject = "Hồ sơ " + code + " không được giải quyết / Your dossier was refused";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name +
             ") không được tiếp nhận hoặc không được giải quyết.\nLý do: " + e.reason +
             "\nVăn bản từ chối (Mẫu 03) được gửi kèm hồ sơ; ông/bà có thể hỏi bộ phận một cửa "
             "hoặc nộp lại khi đã đủ điều kiện.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kStopped:
      subject = "Hồ sơ " + code + " đã dừng xử lý / Processing of your dossier was stopped";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name + ") đã dừng xử lý lúc " +
             FormatRfc3339Vietnam(e.at) + "." +
             (e.reason.empty() ? std::string() : "\nLý do: " + e.reason) +
             "\nNếu ông/bà không đề nghị dừng, hãy liên hệ bộ phận một cửa.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kApologised:
      subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code;
      body = "Hồ sơ " + code + " chưa giải quyết được đúng hạn. Lý do: " + e.reason +
             "\nNgày hẹn trả mới: " + (e.new_due ? FormatRfc3339Vietnam(*e.new_due) : "") +
             "\nChúng tôi xin lỗi ông/bà vì sự chậm trễ này.\nTra cứu: " + link + "\n";
      break;
    default:
      return std::nullopt;
  }
  return std::make_pair(subject, body);
}


}  // namespace

Status Persist(store::Tx& tx, const dossier::Dossier& before, const dossier::Dossier& after,
               const std::vector<dossier::DossierEvent>& events, const DossierView& view,
               const std::string& submitted_by, const std::string& lookup_base_url,
               int64_t now_if_none, bool* notified, const std::vector<std::string>* bodies) {
  const dossier::Header& h = after.header;
  const std::string code = h.id;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    MOTCUA_RETURN_IF_ERROR(
        tx.Append(NewEvent{h.province, StreamOf(code), std::string(dossier::EventTypeName(e.type)),
                           e.at, e.actor, bodies ? (*bodies)[i] : DossierEventBody(e)})
            .status()
            .WithPrefix("store: cannot append an event to dossier " + code));
    if (!h.applicant.email.empty()) {
      if (auto n = Notification(e, after, lookup_base_url + "/tra-cuu/" + code)) {
        OutboxMessage m;
        m.idempotency_key = StreamOf(code) + "/" + std::string(dossier::EventTypeName(e.type)) +
                            "/" + std::to_string(after.version);
        m.recipient = h.applicant.email;
        m.subject = n->first;
        m.body = n->second;
        MOTCUA_RETURN_IF_ERROR(EnqueueOutbox(tx, m, e.at));
        *notified = true;
      }
    }
  }
  std::optional<int64_t> finished = after.finished_at;
  if (!finished && (after.status == NationalStatus::kRefused ||
                    after.status == NationalStatus::kStopped)) {
    finished = events.empty() ? std::nullopt : std::optional<int64_t>(events.back().at);
  }
  std::optional<int64_t> on_time;
  if (finished && view.original_due_ms) on_time = *finished <= *view.original_due_ms ? 1 : 0;
  const int64_t now = events.empty() ? now_if_none : events.back().at;
  const std::string step = after.step ? std::string(dossier::StepKindName(*after.step)) : "";
  const std::string returned_by =
      after.returned_by ? std::string(ReturnChannelName(*after.returned_by)) : "";
  auto link = [&](const std::string& file, const char* kind) -> Status {
    if (file.empty()) return Status::Ok();
    return tx
        .Exec("INSERT INTO dossier_files (code, file_id, kind) VALUES (?,?,?) ON CONFLICT DO "
              "NOTHING",
              {code, file, std::string(kind)})
        .status();
  };
  if (!before.exists) {
    for (const auto& c : h.components) MOTCUA_RETURN_IF_ERROR(link(c.file, "component"));
  }
  for (const auto& e : events) {
    MOTCUA_RETURN_IF_ERROR(link(e.file, "result"));
    for (const auto& c : e.components) MOTCUA_RETURN_IF_ERROR(link(c.file, "component"));
  }
  if (!before.exists) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO dossiers (id, code, province, unit, procedure_code, "
                "procedure_version, channel, status, step, version, applicant, submitted_ms, "
                "accepted_ms, updated_ms, procedure_name, applicant_name, applicant_id, "
                "representative_id, submitted_by, next_role, due_ms, original_due_ms, "
                "finished_ms, delivered_ms, returned_by, on_time, handler, assignee) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                {StreamOf(code), code, h.province, h.unit, h.workflow.procedure_code,
                 int64_t{h.workflow.procedure_version}, int64_t{static_cast<int>(h.channel)},
                 int64_t{static_cast<int>(after.status)},
                 step.empty() ? store::Value{nullptr} : store::Value{step}, after.version,
                 ApplicantJson(h.applicant).dump(), OrNull(after.submitted_at),
                 OrNull(after.accepted_at), now, h.procedure_name, h.applicant.full_name,
                 h.applicant.id_number, h.representative ? h.representative->id_number : "",
                 submitted_by, view.next_role, OrNull(view.due_ms), OrNull(view.original_due_ms),
                 OrNull(finished), OrNull(after.delivered_at), returned_by, OrNull(on_time),
                 after.handler, dossier::NextAssignee(after)})
            .status()
            .WithPrefix("store: cannot insert dossier " + code));
    return Status::Ok();
  }
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Exec("UPDATE dossiers SET status = ?, step = ?, version = ?, accepted_ms = ?, "
              "updated_ms = ?, next_role = ?, due_ms = ?, original_due_ms = ?, finished_ms = ?, "
              "delivered_ms = ?, returned_by = ?, on_time = ?, supplementation_exceptions = ?, "
              "handler = ?, assignee = ? WHERE code = ? AND version = ?",
              {int64_t{static_cast<int>(after.status)},
               step.empty() ? store::Value{nullptr} : store::Value{step}, after.version,
               OrNull(after.accepted_at), now, view.next_role, OrNull(view.due_ms),
               OrNull(view.original_due_ms), OrNull(finished), OrNull(after.delivered_at),
               returned_by, OrNull(on_time), int64_t{after.supplementation_exceptions},
               after.handler, dossier::NextAssignee(after), code, before.version}));
  if (changed != 1) {
    return Status::Conflict("dossier " + code + " changed while this action was recorded");
  }
  return Status::Ok();
}

}  // namespace motcua::service
