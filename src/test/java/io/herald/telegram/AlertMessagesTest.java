package io.herald.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertMessagesTest {

  private final AlertMessages messages = new AlertMessages("https://herald.example/", "en");

  private static JsonObject complaint(String description) {
    return new JsonObject().put("id", 12L).put("description", description).put("category", "plumbing & <pipes>")
      .put("hostel", "Block <A>").put("room", "101").put("severity", "high").put("reporter_name", "Eve <script>");
  }

  @Test
  void escapesEveryPieceOfUserTextForHtmlParseMode() {
    String html = messages.created(complaint("<b>&</script>"));

    assertThat(html).contains("&lt;b&gt;&amp;&lt;/script&gt;")
      .contains("Block &lt;A&gt;").contains("plumbing &amp; &lt;pipes&gt;").contains("Eve &lt;script&gt;")
      .doesNotContain("<script>").doesNotContain("</script>").doesNotContain("<pipes>");
    assertThat(html).contains("#12").contains("high").contains("href=\"https://herald.example/#/complaints/12\"");
  }

  @Test
  void cutsALongMessageToTelegramsLimitWithoutBreakingAnEntity() {
    String html = messages.created(complaint("&".repeat(5000)));

    assertThat(html.length()).isLessThanOrEqualTo(TelegramHtml.MAX_LENGTH);
    assertThat(html).endsWith("Open in dashboard</a>");
    String reporterLine = "Eve &lt;script&gt;\n";
    String description = html.substring(html.indexOf(reporterLine) + reporterLine.length(), html.indexOf("…"));
    assertThat(description).isNotEmpty();
    assertThat(description.replace("&amp;", "")).isEmpty();
  }

  @Test
  void cutDoesNotSplitASurrogatePair() {
    String clipped = TelegramHtml.escapeWithin("😀".repeat(10), 7);

    assertThat(clipped).isEqualTo("😀😀😀…");
  }

  @Test
  void digestListsEveryFoldedComplaintAndStaysWithinTheLimit() {
    JsonArray few = new JsonArray().add("#12 (high, Block A)").add("#13 (low, <B>)");
    assertThat(messages.digest(few, true)).isEqualTo("<b>2 more new complaints:</b>\n#12 (high, Block A)\n#13 (low, &lt;B&gt;)");

    assertThat(messages.digest(new JsonArray().add("#14 now resolved (C)"), false)).startsWith("<b>1 more alert:</b>");

    JsonArray many = new JsonArray();
    for (int i = 0; i < 500; i++) {
      many.add("#" + i + " (medium, Block " + i + ")");
    }
    String digest = messages.digest(many, true);
    assertThat(digest.length()).isLessThanOrEqualTo(TelegramHtml.MAX_LENGTH);
    assertThat(digest).startsWith("<b>500 more new complaints:</b>").containsPattern("… and \\d+ more$");
  }

  @Test
  void theOrganisationsLanguageWritesTheAlertsAndDigests() {
    AlertMessages greek = new AlertMessages("https://herald.example", "el");

    assertThat(greek.created(complaint("σπασμένος <σωλήνας>"))).startsWith("<b>Νέα αναφορά #12</b> (υψηλή)\n<b>Πού:</b> Block &lt;A&gt;, δωμάτιο 101")
      .contains("σπασμένος &lt;σωλήνας&gt;").endsWith("Άνοιγμα στον πίνακα ελέγχου</a>");
    assertThat(greek.summary(complaint("x"))).isEqualTo("#12 (υψηλή, Block <A>)");
    assertThat(greek.digest(new JsonArray().add("#12 (υψηλή, Block A)").add("#13 (χαμηλή, B)"), true))
      .isEqualTo("<b>2 ακόμη νέες αναφορές:</b>\n#12 (υψηλή, Block A)\n#13 (χαμηλή, B)");
    JsonObject event = new JsonObject().put("complaint", complaint("x")).put("old_status", "open").put("new_status", "resolved")
      .put("note", "έγινε");
    assertThat(messages.yourComplaintChanged(event, "el")).isEqualTo("Η αναφορά σας #12 είναι πλέον: <b>επιλύθηκε</b>.\nΣημείωση: έγινε");
  }
}
