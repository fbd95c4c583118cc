package io.herald.persistence;

/** The SQL behind {@link ComplaintStore}. */
final class ComplaintSql {

  private static final String VIEW = "SELECT c.*, r.username AS reporter_name, a.username AS assignee_name "
    + "FROM complaints c JOIN users r ON r.id = c.reporter_id LEFT JOIN users a ON a.id = c.assignee_id ";

  static final String INSERT = "INSERT INTO complaints (description, category, hostel, room, severity, source, reporter_id) "
    + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
  static final String INSERT_HISTORY = "INSERT INTO complaint_history (complaint_id, actor_id, action, old_value, new_value, note) "
    + "VALUES ($1, $2, $3, $4, $5, $6)";
  static final String BY_ID = VIEW + "WHERE c.id = $1";
  static final String LOCK = "SELECT status, reporter_id, assignee_id FROM complaints WHERE id = $1 FOR UPDATE";
  static final String UPDATE_STATUS = "UPDATE complaints SET status = $2, updated_at = now() WHERE id = $1";
  static final String UPDATE_ASSIGNEE = "UPDATE complaints SET assignee_id = $2, updated_at = now() WHERE id = $1";
  static final String USER_ROLE = "SELECT role FROM users WHERE id = $1 AND NOT disabled";
  static final String HISTORY = "SELECT h.*, u.username AS actor_name, o.username AS old_name, n.username AS new_name "
    + "FROM complaint_history h LEFT JOIN users u ON u.id = h.actor_id "
    + "LEFT JOIN users o ON h.action = 'assigned' AND o.id::text = h.old_value "
    + "LEFT JOIN users n ON h.action = 'assigned' AND n.id::text = h.new_value "
    + "WHERE h.complaint_id = $1 ORDER BY h.id";
  /** 1 for low up to 4 for critical. */
  private static final String RANK = "array_position(ARRAY['low', 'medium', 'high', 'critical']::text[], c.severity)";
  private static final String FILTERS = VIEW
    + "WHERE ($1::bigint IS NULL OR c.reporter_id = $1) "
    + "AND ($2::text IS NULL OR c.status = $2) "
    + "AND ($3::text IS NULL OR c.severity = $3) "
    + "AND ($4::text IS NULL OR c.hostel = $4) "
    + "AND ($5::bigint IS NULL OR c.assignee_id = $5) "
    + "AND ($6::timestamptz IS NULL OR c.created_at >= $6) "
    + "AND ($7::timestamptz IS NULL OR c.created_at < $7) "
    + "AND ($8::text IS NULL OR c.description ILIKE $8 OR c.category ILIKE $8 OR c.room ILIKE $8) "
    + "AND ($11::bigint[] IS NULL OR c.status IN ('open', 'in_progress') "
    + "  AND c.created_at <= now() - interval '1 second' * ($11::bigint[])[" + RANK + "]) ";
  static final String LIST = FILTERS
    + "AND ($9::bigint IS NULL OR c.id < $9) "
    + "ORDER BY c.id DESC LIMIT $10";
  /** Most severe first, then the longest waiting; the cursor is the last complaint's id, its severity looked up. */
  static final String LIST_BY_SEVERITY = FILTERS
    + "AND ($9::bigint IS NULL OR (" + RANK + ", -c.id) < (SELECT " + RANK + ", -c.id FROM complaints c WHERE c.id = $9)) "
    + "ORDER BY " + RANK + " DESC, c.id LIMIT $10";

  private ComplaintSql() {
  }
}
