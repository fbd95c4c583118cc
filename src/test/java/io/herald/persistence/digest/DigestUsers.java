package io.herald.persistence.digest;

import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.TestSql;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users of the digest tests: a zone whose local hour is now between 2 and 21 (so that "an hour ago" and "in two
 * hours" are the same local day however the test is timed), the digest switched on through the API, notifications.
 */
final class DigestUsers {

  private final ApiClient api;
  private final TestSql sql;
  private final String admin;

  DigestUsers(ApiClient api, TestSql sql, String admin) {
    this.api = api;
    this.sql = sql;
    this.admin = admin;
  }

  /** Athens, unless it is late there; then New York, seven hours behind. */
  static String zone() {
    int athens = ZonedDateTime.now(ZoneId.of("Europe/Athens")).getHour();
    return athens >= 2 && athens <= 21 ? "Europe/Athens" : "America/New_York";
  }

  static int localHour(String zone) {
    return ZonedDateTime.now(ZoneId.of(zone)).getHour();
  }

  /** A student whose profile an admin set: the address (verified at once, or none), language and zone. */
  TestUser user(String address, String locale, String zone) {
    TestUser user = api.newUser(admin, "student");
    JsonObject profile = new JsonObject().put("locale", locale).put("time_zone", zone);
    if (address != null) {
      profile.put("email", address);
    }
    HttpResponse<Buffer> changed = api.updateUser(admin, user.id(), profile);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    return user;
  }

  void digest(TestUser user, String channel, int hour) {
    HttpResponse<Buffer> saved = api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), new JsonObject()
      .put("digest", new JsonObject().put("enabled", true).put("channel", channel).put("hour", hour)));
    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(200);
  }

  long notify(TestUser user, String title) {
    HttpResponse<Buffer> created = api.notify(admin, user.id(), title);
    assertThat(created.statusCode()).as(created.bodyAsString()).isBetween(200, 202);
    return sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = $2", user.id(), title).get(0);
  }

  void read(TestUser user, long notification) {
    assertThat(api.post("/api/v1/notifications/" + notification + "/read", user.token(), null).statusCode()).isEqualTo(200);
  }

  /** The user's day as the digest left it: "status outcome unread", or nothing when it was not handled. */
  List<String> runs(TestUser user) {
    return sql.strings("SELECT status || ' ' || COALESCE(outcome, '-') || ' ' || unread FROM digest_runs WHERE user_id = $1",
      user.id());
  }

  long queuedMails(TestUser user) {
    return sql.count("SELECT count(*) FROM email_outbox WHERE user_id = $1 AND template = 'digest'", user.id());
  }
}
