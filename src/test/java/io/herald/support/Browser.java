package io.herald.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Debian's headless Chromium driven through Debian's chromedriver: one per test class. */
public final class Browser implements AutoCloseable {

  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final String CHROMIUM = "/usr/bin/chromium";
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final WebDriver driver;
  private final String baseUrl;

  private Browser(WebDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  public static boolean available() {
    return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(Path.of(CHROMIUM));
  }

  public static Browser open(int port) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--window-size=1280,900", "--disable-back-forward-cache", "--user-data-dir=" + TestNode.tempDir());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + port + "/");
  }

  public WebDriver driver() {
    return driver;
  }

  /** A fresh page with no saved session in this browser profile. */
  public void signedOut() {
    driver.get(baseUrl);
    script("localStorage.clear();");
    driver.get(baseUrl);
  }

  public void login(String username, String password) {
    signedOut();
    waitFor(d -> d.findElement(By.id("login-username")).isDisplayed());
    driver.findElement(By.id("login-username")).sendKeys(username);
    driver.findElement(By.id("login-password")).sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
    awaitConnection("connected");
  }

  public void awaitConnection(String state) {
    waitFor(d -> state.equals(script("return window.__herald.connection();")));
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Runs an asynchronous script: the last argument is the callback that ends it with a result. */
  public Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  public String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  public <T> T waitFor(ExpectedCondition<T> condition) {
    return waitFor(condition, PATIENCE);
  }

  public <T> T waitFor(ExpectedCondition<T> condition, Duration patience) {
    return new WebDriverWait(driver, patience).ignoring(RuntimeException.class).until(condition);
  }

  public Path screenshot(String name) {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "screenshots", name);
    try {
      Files.createDirectories(target.getParent());
      return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
