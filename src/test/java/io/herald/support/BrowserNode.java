package io.herald.support;

import io.herald.support.ApiClient.TestUser;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node of its own (see {@link OwnNode}) with a headless Chromium opened on its dashboard: a browser test's setup,
 * optionally with a {@link FakeBotApi} (on a Vert.x of its own) that the node's Telegram side talks to. Where Chromium
 * is not installed, starting one skips the test class.
 */
public final class BrowserNode implements AutoCloseable {

  private final OwnNode node;
  private final Browser browser;
  private final Vertx fakeVertx;
  private final FakeBotApi fake;

  private BrowserNode(OwnNode node, Browser browser, Vertx fakeVertx, FakeBotApi fake) {
    this.node = node;
    this.browser = browser;
    this.fakeVertx = fakeVertx;
    this.fake = fake;
  }

  public static BrowserNode start() {
    return start(new JsonObject());
  }

  /** {@code overrides}: setting keys (see Settings) and values on top of the test defaults. */
  public static BrowserNode start(JsonObject overrides) {
    requireChromium();
    return start(overrides, null, null);
  }

  /** The same with a fake Bot API started first, for {@code overrides} to point the node at (see TelegramNodes). */
  public static BrowserNode startWithBot(Function<FakeBotApi, JsonObject> overrides) {
    requireChromium();
    Vertx fakeVertx = TestNode.vertx();
    try {
      FakeBotApi fake = FakeBotApi.start(fakeVertx);
      return start(overrides.apply(fake), fakeVertx, fake);
    } catch (RuntimeException e) {
      Await.await(fakeVertx.close());
      throw e;
    }
  }

  private static void requireChromium() {
    assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
  }

  private static BrowserNode start(JsonObject overrides, Vertx fakeVertx, FakeBotApi fake) {
    OwnNode node = OwnNode.start(overrides);
    try {
      return new BrowserNode(node, Browser.open(node.port()), fakeVertx, fake);
    } catch (RuntimeException e) {
      node.stop();
      throw e;
    }
  }

  public OwnNode node() {
    return node;
  }

  public ApiClient api() {
    return node.api();
  }

  public String admin() {
    return node.admin();
  }

  public Browser browser() {
    return browser;
  }

  /** The fake Bot API; only after {@link #startWithBot}. */
  public FakeBotApi fake() {
    return fake;
  }

  /** A new user of {@code role}, signed in on the dashboard. */
  public TestUser signIn(String role) {
    TestUser user = node.api().newUser(node.admin(), role);
    browser.login(user.username(), "password-" + user.username());
    return user;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      node.stop();
      if (fakeVertx != null) {
        fake.close();
        Await.await(fakeVertx.close());
      }
    }
  }
}
