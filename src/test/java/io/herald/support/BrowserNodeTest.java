package io.herald.support;

import io.herald.support.ApiClient.TestUser;
import org.junit.jupiter.api.AfterAll;

/**
 * A test class against a {@link BrowserNode} of its own, shared by the class's tests: the class's {@code @BeforeAll}
 * starts it with the configuration it needs and hands it to {@link #use}; it is closed after the class.
 */
public abstract class BrowserNodeTest {

  protected static BrowserNode dashboard;
  protected static ApiClient api;
  protected static String rootAdmin;
  protected static Browser browser;

  protected static void use(BrowserNode started) {
    dashboard = started;
    api = started.api();
    rootAdmin = started.admin();
    browser = started.browser();
  }

  /** A new user of {@code role}, signed in on the dashboard. */
  protected static TestUser signIn(String role) {
    return dashboard.signIn(role);
  }

  /** Closes what the class started; nothing where it never started (skipped without Chromium, or failed first). */
  @AfterAll
  static void closeDashboard() {
    if (dashboard != null) {
      dashboard.close();
    }
    dashboard = null;
    api = null;
    rootAdmin = null;
    browser = null;
  }
}
