#!/usr/bin/env python3
"""Builds data/procedures/commune_catalogue.jsonl: the procedures a commune centre handles.

Reproducible selection from the National Public Service Portal export collected in
../shared/data/procedures/ (see data/procedures/SOURCE.txt). Python 3 standard library only.

    python3 scripts/make_commune_catalogue.py [--source DIR] [--out FILE]

Rules, in order:
 1. Candidates are records of procedures.jsonl whose implementing level (cap_thuc_hien) includes
    the commune level, or whose agency fields name the commune (UBND/Chủ tịch UBND cấp xã, Công
    an cấp xã, "cấp xã"), in the fields a commune centre handles (FIELDS). Deconcentrated bodies
    that the portal also files under "Cấp xã" (customs, tax, social insurance, treasury) and
    procedures of the foreign-element / border-area variants of civil status are left out, as
    are the fields listed in EXCLUDED_FIELDS.
 2. A candidate is kept only when every channel row has a time with a unit and a fee that is
    "Miễn phí" or an amount of at least 1,000 đồng written with its currency, and the component
    table has at least one row: the catalogue promises a time limit, fees and components.
 3. Civil-status records whose time cell lost its unit on the portal ("Trực tuyến1Miễn phí")
    are kept with the unit "Ngày làm việc" added to the portal's own amount, but only when the
    record's own text counts that procedure in working days (UNIT_EVIDENCE: a phrase that must
    occur in the record). The original cell is kept in "cach_thuc_thuc_hien_goc" and the change
    is explained in "ghi_chu_bien_tap". Nothing else is edited.
 4. Records are written in the export's own format (one JSON object per line, same keys) so the
    same importer loads them; sorted by field, then code. The script fails if fewer than 100.
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNEL = r"(?:Trực tuyến|Trực tiếp|Dịch vụ bưu chính)"
ROW_START = re.compile(CHANNEL + r"(?=\d|Không có thông tin|Không quy định|Miễn phí|Ngày|Giờ)")
UNIT = r"(?:Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tháng)"
GOOD_ROW = re.compile(
    r"^\d+(?:[.,]\d+)? ?" + UNIT + r"(?:Miễn phí|(?:\d{1,3}(?:,\d{3})+|\d{4,}) (?:VNĐ|Việt Nam Đồng))")
UNITLESS_ROW = re.compile(r"^(\d{1,2})(Miễn phí)")
QUANTITY = re.compile(r"\S\d{1,2} bản (?:chính|sao)")

# Fields (lĩnh vực) of the work a commune one-stop centre does.
FIELDS = {
    "Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú", "Cấp, quản lý căn cước",
    "Đất đai", "Hoạt động xây dựng", "Nhà ở và công sở", "Quy hoạch xây dựng, kiến trúc",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
    "Thành lập và hoạt động của tổ hợp tác", "Thành lập và hoạt động của hộ kinh doanh",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", "Hòa giải ở cơ sở",
    "Bồi thường nhà nước", "Nuôi con nuôi", "Lâm nghiệp", "Nông nghiệp", "Trồng trọt",
    "Chăn nuôi", "Thủy sản", "Thủy lợi", "Môi trường", "Tài nguyên nước",
    "Quản lý Đê điều và Phòng, chống thiên tai", "Kiểm lâm", "Khiếu nại, tố cáo",
    "Phổ biến giáo dục pháp luật", "Quản lý chương trình mục tiêu quốc gia",
    "Hỗ trợ tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã", "Đăng ký biện pháp bảo đảm",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
    "Quản lý ngành nghề kinh doanh có điều kiện về an ninh, trật tự",
    "Định danh và xác thực điện tử", "Phòng cháy, chữa cháy", "Kinh tế hợp tác và phát triển nông thôn",
    "Phát triển nông thôn", "Giảm nghèo", "Kinh tế hợp tác",
}
EXCLUDED_AGENCY = re.compile(r"(?i)hải quan|thuế|bảo hiểm xã hội|kho bạc|ngân hàng|tòa án")
COMMUNE_AGENCY = re.compile(r"(?i)cấp xã|ủy ban nhân dân xã|ubnd xã|công an xã|xã, phường")
EXCLUDED_NAME = re.compile(r"(?i)yếu tố nước ngoài|khu vực biên giới")

# Civil-status procedures whose portal time cell is a bare number: the phrase that shows, in the
# record's own text, that the procedure counts working days.
UNIT_EVIDENCE = {
    "1.001193": "ngày làm việc",  # đăng ký khai sinh
    "1.000894": "ngày làm việc",  # đăng ký kết hôn
    "1.000656": "ngày làm việc",  # đăng ký khai tử
    "1.001022": "ngày làm việc",  # đăng ký nhận cha, mẹ, con
    "1.000689": "ngày làm việc",  # khai sinh kết hợp nhận cha, mẹ, con
    "1.004746": "ngày làm việc",  # đăng ký lại kết hôn
    "1.004772": "ngày làm việc",  # khai sinh cho người đã có hồ sơ, giấy tờ cá nhân
    "1.004859": "ngày làm việc",  # thay đổi, cải chính, bổ sung thông tin hộ tịch
    "1.004873": "ngày làm việc",  # cấp Giấy xác nhận tình trạng hôn nhân
    "1.004884": "ngày làm việc",  # đăng ký lại khai sinh
    "1.005461": "ngày làm việc",  # đăng ký lại khai tử
    "2.000547": "ngày làm việc",  # ghi vào Sổ hộ tịch việc hộ tịch khác
    "2.000554": "ngày làm việc",  # ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn
    "2.000748": "ngày làm việc",  # thay đổi, cải chính, bổ sung thông tin hộ tịch (variant)
    "2.002189": "ngày làm việc",  # ghi vào Sổ hộ tịch việc kết hôn
    "3.000322": "ngày làm việc",  # đăng ký chấm dứt giám sát việc giám hộ
    "3.000323": "ngày làm việc",  # đăng ký giám sát việc giám hộ
}


def rows_of(cell):
    body = cell[len(HEADER):] if cell.startswith(HEADER) else cell
    starts = [m for m in ROW_START.finditer(body)]
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
        out.append((m.start(), m.end(), body[m.end():end]))
    return body, out


def structured(cell):
    _, rows = rows_of(cell)
    return bool(rows) and all(GOOD_ROW.match(r[2]) for r in rows)


def add_unit(cell):
    """Returns the cell with "Ngày làm việc" after each bare time amount, or None."""
    body, rows = rows_of(cell)
    if not rows or not all(UNITLESS_ROW.match(r[2]) or GOOD_ROW.match(r[2]) for r in rows):
        return None
    out, last = [], 0
    for _, end, text in rows:
        m = UNITLESS_ROW.match(text)
        if m:
            out.append(body[last:end] + m.group(1) + " Ngày làm việc")
            last = end + len(m.group(1))
    out.append(body[last:])
    return HEADER + "".join(out)


def has_components(cell):
    return "Tên giấy tờ" in cell and QUANTITY.search(cell) is not None


def is_commune(d):
    agencies = " ".join(d.get(k, "") for k in ("co_quan_thuc_hien", "co_quan_co_tham_quyen",
                                               "dia_chi_tiep_nhan", "co_quan_duoc_uy_quyen"))
    if EXCLUDED_AGENCY.search(agencies):
        return False
    level = d.get("cap_thuc_hien", "").lower()
    return "cấp xã" in level or bool(COMMUNE_AGENCY.search(agencies))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=os.path.join(ROOT, "..", "shared", "data", "procedures"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "procedures",
                                                  "commune_catalogue.jsonl"))
    args = ap.parse_args()

    records = []
    with open(os.path.join(args.source, "procedures.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line:
                records.append(json.loads(line))

    chosen, seen, fixed = [], set(), 0
    for d in records:
        code = d["ma_thu_tuc"]
        if code in seen or d.get("linh_vuc") not in FIELDS or not is_commune(d):
            continue
        if EXCLUDED_NAME.search(d["ten_thu_tuc"]):
            continue
        if not has_components(d.get("thanh_phan_ho_so", "")):
            continue
        cell = d.get("cach_thuc_thuc_hien", "")
        if not structured(cell):
            evidence = UNIT_EVIDENCE.get(code)
            text = " ".join(str(v) for k, v in d.items() if k != "cach_thuc_thuc_hien")
            new_cell = add_unit(cell) if evidence and evidence in text else None
            if new_cell is None or not structured(new_cell):
                continue
            d = dict(d)
            d["cach_thuc_thuc_hien_goc"] = cell
            d["cach_thuc_thuc_hien"] = new_cell
            d["ghi_chu_bien_tap"] = (
                "Thời gian: cổng DVCQG ghi số không kèm đơn vị; bổ sung 'Ngày làm việc' vì nội dung "
                "thủ tục tính thời hạn theo '" + evidence + "'. Bản gốc: cach_thuc_thuc_hien_goc.")
            fixed += 1
        seen.add(code)
        chosen.append(d)

    chosen.sort(key=lambda d: (d["linh_vuc"], d["ma_thu_tuc"]))
    if len(chosen) < 100:
        sys.exit(f"only {len(chosen)} procedures selected; the catalogue needs at least 100")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for d in chosen:
            f.write(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n")
    fields = {}
    for d in chosen:
        fields[d["linh_vuc"]] = fields.get(d["linh_vuc"], 0) + 1
    print(f"{len(chosen)} procedures ({fixed} with a time unit added) -> {args.out}")
    for k, v in sorted(fields.items(), key=lambda kv: -kv[1]):
        print(f"  {v:3d}  {k}")


if __name__ == "__main__":
    main()
