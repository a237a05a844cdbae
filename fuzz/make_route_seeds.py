#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_routes (fuzz/corpus/routes/): one valid-looking request per
route that takes a body, in the input format described in routes_fuzzer.cc. Run it again after
adding a route; the fuzzer mutates from these."""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "routes")

applicant = {"full_name": "Lò Thị Mai", "id_number": "014190001234", "phone": "0912345678",
             "email": "mai@example.test", "address": "Bản Nà Lĩu"}
workflow = {"total_days": 5, "max_supplementations": 1, "max_apologies": 1,
            "steps": [{"step": "receive", "role": "reception", "budget_days": 0.5},
                      {"step": "assign", "role": "unit_head", "budget_days": 0.5},
                      {"step": "appraise", "role": "specialist", "budget_days": 2},
                      {"step": "sign", "role": "signer", "budget_days": 1},
                      {"step": "return", "role": "reception", "budget_days": 1}]}
with open(os.path.join(HERE, "..", "data", "calendars", "2026.json"), encoding="utf-8") as f:
    announcement = json.load(f)

J = "application/json"
F = "application/x-www-form-urlencoded"
B = "XyZfuzzBoundary"
M = f"multipart/form-data; boundary={B}"


def multipart(fields, files=()):
    out = ""
    for k, v in fields:
        out += f'--{B}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
    for k, name, ctype, data in files:
        out += (f'--{B}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n{data}\r\n")
    return out + f"--{B}--\r\n"


def form(pairs):
    from urllib.parse import urlencode
    return urlencode(pairs)


# (file name, request line, headers, body)
seeds = [
    ("deadline", "POST /api/v1/deadlines", {}, {
        "start": "2026-11-23T14:59:00+07:00", "amount": 1, "unit": "working_days",
        "profile": "03721", "pauses": [{"from": "2026-11-24T08:00:00+07:00",
                                        "to": "2026-11-25T08:00:00+07:00"}]}),
    ("announcement", "PUT /api/v1/calendars/{year}/announcement", {}, announcement),
    ("calendar_profile", "PUT /api/v1/calendar-profiles/{code}", {}, {
        "morning_open": "07:30", "morning_close": "11:30", "afternoon_open": "13:00",
        "afternoon_close": "17:00", "cutoff": "16:00", "rest_days": ["sat", "sun"],
        "computed_holidays": True}),
    ("procedure_edit", "PUT /api/v1/procedures/{code}", {}, {
        "ten_thu_tuc": "Đăng ký khai sinh", "record": {"name": "Đăng ký khai sinh"},
        "processing_times": [{"channel": "direct", "amount": 3, "unit": "working_days"}]}),
    ("unit_procedure", "PUT /api/v1/units/{code}/procedures/{proc}", {},
     {"local_days": 0.5, "local_fee_note": "Miễn phí"}),
    ("unit_procedure_delete", "DELETE /api/v1/units/{code}/procedures/{proc}", {}, None),
    ("dossier_create", "POST /api/v1/dossiers", {"idempotency-key": "fuzz-1"}, {
        "unit": "03721", "procedure_code": "1.001193", "channel": "counter",
        "applicant": applicant,
        "representative": {**applicant, "full_name": "Quàng Văn Sáu", "document_ref": "UQ 1/2026"},
        "components": [{"name": "Tờ khai", "original": True, "count": 1},
                       {"name": "Giấy khai sinh", "certified": True}],
        "result_delivery": "counter"}),
    ("dossier_create_online", "POST /api/v1/dossiers", {"x-fuzz-as": "resident"}, {
        "unit": "03721", "procedure_code": "1.001193", "channel": "online",
        "applicant": applicant, "components": [{"name": "Tờ khai", "file": "0" * 64}]}),
    ("workflow", "PUT /api/v1/units/{code}/procedures/{proc}/workflow", {}, workflow),
    ("upload", "POST /api/v1/files", {"content-type": "application/pdf"}, "%PDF-1.4\n%âãÏÓ\n"),
    ("login", "POST /api/v1/sessions", {"x-fuzz-as": "anonymous"},
     {"username": "demo.reception", "password": "wrong password", "totp_code": "123456"}),
    ("logout", "DELETE /api/v1/sessions/current", {}, None),
    ("revoke_mine", "POST /api/v1/me/sessions/revoke", {}, {}),
    ("totp_begin", "POST /api/v1/me/totp", {}, {}),
    ("totp_confirm", "POST /api/v1/me/totp/confirm", {}, {"code": "123456"}),
    ("authorisation", "POST /api/v1/authorisations", {}, {
        "for_id_number": "001088000111", "for_name": "Nguyễn Văn Thử",
        "agent_id_number": "014190001234", "scope": "submit", "document_ref": "UQ 2/2026",
        "unit": "03721", "expires": "2027-12-31T17:00:00+07:00"}),
    ("authorisation_agent", "POST /api/v1/authorisations", {"x-fuzz-as": "resident"}, {
        "agent_username": "demo.community_member", "scope": "all",
        "expires": "2027-12-31T17:00:00+07:00"}),
    ("authorisation_revoke", "DELETE /api/v1/authorisations/{id}?id=1", {}, None),
    ("user", "POST /api/v1/users", {}, {
        "username": "mc.new", "display_name": "Mới", "password": "long enough password",
        "roles": [{"role": "reception", "unit": "03721"}]}),
    ("user_revoke", "POST /api/v1/users/{username}/sessions/revoke", {}, {}),
    ("token", "POST /api/v1/tokens", {}, {
        "username": "demo.reception", "name": "kiosk", "unit": "03721",
        "permissions": ["dossier.read"], "expires_days": 30}),
    ("oidc_callback", "GET /auth/callback?state=abc&code=def", {"x-fuzz-as": "anonymous"}, None),
    ("search", "GET /api/v1/procedures?q=khai%20sinh&unit=03721&online=1&limit=5", {}, None),
    ("lookup", "GET /api/v1/lookup/{code}", {}, None),
    ("worklist", "GET /api/v1/worklist?unit=03721&all=1&status=2", {}, None),
    ("log_pdf", "GET /api/v1/units/{code}/dossier-log.pdf?from=2026-01-01&to=2026-12-31", {}, None),
    # Pages that take forms.
    ("page_login", "POST /dang-nhap", {"content-type": F, "x-fuzz-as": "anonymous"},
     form([("username", "demo.reception"), ("password", "x"), ("next", "/can-bo")])),
    ("page_calendar", "POST /quan-tri/lich/{year}", {"content-type": M},
     multipart([("announcement", json.dumps(announcement, ensure_ascii=False))])),
    ("page_account", "POST /quan-tri/don-vi/{code}/tai-khoan", {"content-type": F},
     form([("username", "mc.page"), ("display_name", "Trang"), ("password", "long enough pw"),
           ("role", "reception")])),
    ("page_procedure", "POST /quan-tri/thu-tuc/{proc}", {"content-type": F},
     form([("name", "Đăng ký khai sinh"), ("time_limit", "3"), ("fee", "Miễn phí")])),
    ("page_offer", "POST /quan-tri/don-vi/{code}/thu-tuc", {"content-type": F},
     form([("proc", "1.001193"), ("local_days", "1"), ("local_fee_note", "Miễn phí")])),
    ("page_workflow", "POST /quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh", {"content-type": F},
     form([("total_days", "5"), ("step", "receive"), ("role", "reception"),
           ("budget_days", "0.5"), ("step", "appraise"), ("role", "specialist"),
           ("budget_days", "2")])),
    ("page_desk_action", "POST /can-bo/ho-so/{code}/{action}?action=accept&code=%232",
     {"content-type": F}, form([("version", "1"), ("note", "Đủ")])),
    ("page_intake", "POST /can-bo/tiep-nhan", {"content-type": M},
     multipart([("procedure_code", "1.001193"), ("kind", "person"),
                ("full_name", "Lò Thị Mai"), ("id_number", "014190001234"),
                ("phone", "0912345678"), ("address", "Bản Nà Lĩu"),
                ("component_name", "Tờ khai"), ("component_type", "original"),
                ("component_count", "1")],
               [("component_file", "to-khai.pdf", "application/pdf", "%PDF-1.4\n")])),
    ("page_portal_submit", "POST /nop-ho-so?thu_tuc=1.001193",
     {"content-type": M, "x-fuzz-as": "resident"},
     multipart([("step", "applicant"), ("full_name", "Nguyễn Văn Thử"),
                ("idempotency_key", "fuzz-portal-1")])),
    ("page_portal_action", "POST /ho-so-cua-toi/{code}", {"content-type": M, "x-fuzz-as": "resident"},
     multipart([("action", "withdraw"), ("version", "1"), ("confirm", "1")])),
    ("page_logout", "POST /dang-xuat", {"content-type": F}, ""),
]
actions = {
    "accept": {}, "send-back": {"missing": ["Bản sao giấy chứng sinh"], "reason": "Ảnh mờ"},
    "refuse": {"reason": "Không thuộc thẩm quyền"}, "assign": {"handler": "demo.specialist"},
    "appraise": {"opinion": "Đủ điều kiện"}, "review": {"opinion": "Đồng ý"}, "sign": {},
    "number": {"document_number": "15/UBND"},
    "request-supplementation": {"missing": ["Giấy xác nhận cư trú"], "reason": "Cần xác minh"},
    "supplement": {"components": [{"name": "Giấy xác nhận cư trú", "original": True}]},
    "request-payment": {"amount_vnd": 50000, "reason": "Lệ phí"},
    "paid": {"amount_vnd": 50000}, "request-withdrawal": {"reason": "Không còn nhu cầu"},
    "return": {"channel": "counter", "result_file": "0" * 64},
    "apologise": {"reason": "Chờ xác minh", "new_due": "2026-12-31T17:00:00+07:00"},
    "stop": {"reason": "Người nộp rút hồ sơ"},
}
for i, (action, body) in enumerate(sorted(actions.items())):
    seeds.append((f"action_{action}",
                  f"POST /api/v1/dossiers/{{id}}/actions/{{action}}?action={action}&id=%23{i}",
                  {"if-match": "auto"}, body))

os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))
for name, line, headers, body in seeds:
    head = line + "\n" + "".join(f"{k}: {v}\n" for k, v in headers.items())
    if body is None:
        text = ""
    elif isinstance(body, str):
        text = body
    else:
        text = json.dumps(body, ensure_ascii=False)
    assert re.match(r"^[A-Z]+ /", line), line
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(head + "\n" + text)
print(f"{len(seeds)} seeds in {OUT}")
