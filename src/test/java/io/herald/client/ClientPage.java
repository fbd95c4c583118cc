package io.herald.client;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.Browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A page of the browser running herald-client against a Herald node, through {@code harness.js}: the page's timers
 * and window listeners counted, every event the client emits recorded in {@code window.__t.events}.
 */
final class ClientPage {

  private static final String HARNESS = read("harness.js");

  private final Browser browser;
  private final String herald;

  private ClientPage(Browser browser, String herald) {
    this.browser = browser;
    this.herald = herald;
  }

  /** Loads a same-origin document of the node in the current tab and the harness into it. */
  static ClientPage open(Browser browser, int port, boolean withoutWebSocket) {
    String herald = "http://127.0.0.1:" + port;
    return openAt(browser, herald + "/client/package.json", herald, withoutWebSocket);
  }

  /** Loads the page (of any site) and the harness into it; the client will load from and talk to {@code herald}. */
  static ClientPage openAt(Browser browser, String page, String herald, boolean withoutWebSocket) {
    browser.driver().get(page);
    browser.script(HARNESS, withoutWebSocket);
    return new ClientPage(browser, herald);
  }

  /** Starts a client for the user: with {@code tokens} first, then fresh logins when {@code refreshing}. */
  ClientPage start(TestUser user, String transport, List<String> tokens, boolean refreshing) {
    Object failure = browser.asyncScript("window.__t.start(arguments[0]).then(() => arguments[1](null), (e) => arguments[1](String(e)));",
      Map.of("base", herald, "tokens", tokens.isEmpty() ? List.of(user.token()) : tokens, "transport", transport,
        "username", refreshing ? user.username() : "", "password", "password-" + user.username()));
    if (failure != null) {
      throw new AssertionError("herald-client did not start: " + failure);
    }
    return this;
  }

  ClientPage start(TestUser user, String transport) {
    return start(user, transport, List.of(), false);
  }

  void awaitState(String state) {
    browser.waitFor(d -> state.equals(script("return window.__t.client.state;")));
  }

  Object script(String js, Object... args) {
    return browser.script(js, args);
  }

  Object await(String promise) {
    return browser.asyncScript("Promise.resolve(" + promise + ").then((v) => arguments[0](v ?? null), (e) => arguments[0]('failed: ' + e));");
  }

  @SuppressWarnings("unchecked")
  List<String> titles() {
    return (List<String>) script("return window.__t.titles();");
  }

  @SuppressWarnings("unchecked")
  List<String> states() {
    return (List<String>) script("return window.__t.states();");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> last(String type) {
    return (Map<String, Object>) script("return window.__t.last(arguments[0]);", type);
  }

  long count(String title) {
    return titles().stream().filter(title::equals).count();
  }

  private static String read(String name) {
    try (InputStream in = ClientPage.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
