// The floor feature's SQL, named: the statements on the tables it owns (floor_areas,
// floor_counters, floor_policies, floor_ticket_numbers, floor_tickets, floor_calls, floor_devices,
// floor_appointments, floor_ratings; migration 0021).
#pragma once

namespace motcua::service::floor_sql {

inline constexpr char kTicketColumns[] =
    "id, day, area, number, label, grp, state, issued_ms, queued_ms, appointment_ms, counter, "
    "target_counter, recalls, called_ms, started_ms, ended_ms, transferred, unit, "
    "COALESCE(dossier_code, ''), COALESCE(officer, '')";

inline constexpr char kSelectAreas[] =
    "SELECT code, prefix, name_vi, name_en, slot_capacity FROM floor_areas WHERE unit = ? "
    "ORDER BY position, code";
inline constexpr char kSelectCounters[] =
    "SELECT number, areas, priority_streak FROM floor_counters WHERE unit = ? ORDER BY number";
inline constexpr char kSelectPolicy[] =
    "SELECT priority_per_normal, appointment_early_min, max_recalls, slot_minutes "
    "FROM floor_policies WHERE unit = ?";

inline constexpr char kDeleteAreas[] = "DELETE FROM floor_areas WHERE unit = ?";
inline constexpr char kInsertArea[] =
    "INSERT INTO floor_areas (unit, code, prefix, name_vi, name_en, position, slot_capacity) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kDeleteCounters[] = "DELETE FROM floor_counters WHERE unit = ?";
inline constexpr char kInsertCounter[] =
    "INSERT INTO floor_counters (unit, number, areas, priority_streak) VALUES (?, ?, ?, 0)";
inline constexpr char kUpsertPolicy[] =
    "INSERT INTO floor_policies (unit, priority_per_normal, appointment_early_min, max_recalls, "
    "slot_minutes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit) DO UPDATE SET "
    "priority_per_normal = excluded.priority_per_normal, "
    "appointment_early_min = excluded.appointment_early_min, "
    "max_recalls = excluded.max_recalls, slot_minutes = excluded.slot_minutes";

inline constexpr char kInsertDevice[] =
    "INSERT INTO floor_devices (key_hash, unit, kind, counter, label, created_ms) "
    "VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kRevokeDevice[] =
    "UPDATE floor_devices SET revoked_ms = ? WHERE unit = ? AND substr(key_hash, 1, 12) = ? "
    "AND revoked_ms = 0";
inline constexpr char kSelectDevice[] =
    "SELECT unit, kind, counter, label FROM floor_devices WHERE key_hash = ? AND revoked_ms = 0";

// Takes the next number of an area: 1 on a new day (domain/floor NextNumber), else last + 1.
inline constexpr char kNextNumber[] =
    "INSERT INTO floor_ticket_numbers (unit, area, day, last) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (unit, area) DO UPDATE SET "
    "last = CASE WHEN floor_ticket_numbers.day = excluded.day THEN floor_ticket_numbers.last + 1 "
    "ELSE 1 END, day = excluded.day RETURNING last";
inline constexpr char kInsertTicket[] =
    "INSERT INTO floor_tickets (id, unit, province, day, area, number, label, grp, state, "
    "issued_ms, queued_ms, appointment_ms, booking_code) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)";
// Moves a ticket from the state it was read in (the write fails with Conflict when another
// counter moved it first).
inline constexpr char kUpdateTicket[] =
    "UPDATE floor_tickets SET area = ?, state = ?, counter = ?, target_counter = ?, recalls = ?, "
    "called_ms = ?, started_ms = ?, ended_ms = ?, queued_ms = ?, transferred = ?, officer = ?, "
    "first_called_ms = CASE WHEN first_called_ms = 0 THEN ? ELSE first_called_ms END "
    "WHERE id = ? AND state = ? AND counter = ?";
inline constexpr char kSetStreak[] =
    "UPDATE floor_counters SET priority_streak = ? WHERE unit = ? AND number = ?";
inline constexpr char kInsertCall[] =
    "INSERT INTO floor_calls (unit, ticket_id, label, counter, at_ms, recall) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char kLinkDossier[] =
    "UPDATE floor_tickets SET dossier_code = ? WHERE id = ? AND unit = ?";
inline constexpr char kSelectCalls[] =
    "SELECT id, label, counter, at_ms, recall FROM floor_calls WHERE unit = ? ORDER BY id DESC "
    "LIMIT ?";

inline constexpr char kAppointmentByCode[] =
    "SELECT unit, area, slot_ms, state, COALESCE(ticket_id, '') FROM floor_appointments "
    "WHERE code = ?";
inline constexpr char kCheckIn[] =
    "UPDATE floor_appointments SET state = 'checked_in', ticket_id = ? "
    "WHERE code = ? AND state = 'booked'";
inline constexpr char kAppointmentNoShow[] =
    "UPDATE floor_appointments SET state = 'no_show' WHERE ticket_id = ?";
inline constexpr char kBookedInSlot[] =
    "SELECT slot_ms, COUNT(*) FROM floor_appointments WHERE unit = ? AND area = ? "
    "AND slot_ms >= ? AND slot_ms < ? AND state IN ('booked', 'checked_in') GROUP BY slot_ms";
inline constexpr char kInsertAppointment[] =
    "INSERT INTO floor_appointments (code, unit, area, slot_ms, procedure_code, booked_by, state, "
    "booked_ms) VALUES (?, ?, ?, ?, ?, ?, 'booked', ?)";
inline constexpr char kCountSlot[] =
    "SELECT COUNT(*) FROM floor_appointments WHERE unit = ? AND area = ? AND slot_ms = ? "
    "AND state IN ('booked', 'checked_in')";

inline constexpr char kInsertRating[] =
    "INSERT INTO floor_ratings (unit, province, ticket_id, counter, officer, score, comment, "
    "dossier_code, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING";
inline constexpr char kRatedTicket[] = "SELECT 1 FROM floor_ratings WHERE ticket_id = ?";
inline constexpr char kSelectRatings[] =
    "SELECT unit, ticket_id, COALESCE(officer, ''), comment, COALESCE(dossier_code, ''), counter, "
    "score, at_ms FROM floor_ratings WHERE unit = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms";

}  // namespace motcua::service::floor_sql
