package dev.hookline.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser: Debian's headless {@code chromium} driven by Selenium through {@code chromedriver}
 * (both from {@code apt-get install chromium chromium-driver}, which {@code .ci/run} does when they are missing),
 * against the real server. A screenshot of each page goes to {@code target/console-screenshots/}.
 */
@AutoConfigureObservability
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=200ms",
                        "hookline.delivery.retry-window=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends ServerTestSupport {

    static final Path CHROMIUM = Path.of(System.getProperty("hookline.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("hookline.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Sets a global when it runs: it must never run, wherever the console shows it. */
    static final String XSS = "<img src=x onerror=\"window.hooklineXss='%s'\"><script>window.hooklineXss='%s'</script>";

    static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install -y chromium chromium-driver)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install -y chromium chromium-driver)").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void signsInWithTheKeyInAFormAndKeepsAStrictHttpOnlyCookie() throws Exception {
        browser.get(base() + "/console/");
        WebElement key = waitFor(By.id("key"));
        screenshot("login");
        key.sendKeys("not-the-key", Keys.ENTER);
        waitFor(By.id("login-failed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("login-failed")).isDisplayed());
        assertThat(browser.manage().getCookieNamed("hookline_console")).isNull();

        browser.findElement(By.id("key")).sendKeys(API_KEY, Keys.ENTER);
        waitFor(By.cssSelector("#nav:not([hidden])"));
        Cookie cookie = browser.manage().getCookieNamed("hookline_console");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getValue()).doesNotContain(API_KEY);
        assertThat(browser.getCurrentUrl()).doesNotContain(API_KEY);
        assertThat(js("return document.cookie")).as("no script reads the session").isEqualTo("");
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in as admin");
    }

    @Test
    @Order(2)
    void createsASubscriptionThroughTheFormAndSeesItsAttemptsFillIn() throws Exception {
        String name = "orders " + String.format(XSS, "name", "name");
        sink.answerBody("/browser", "<b>thanks</b>" + String.format(XSS, "answer", "answer"));
        browser.get(base() + "/console/index.html#/subscriptions");
        waitFor(By.xpath("//h1[text()='Subscriptions']"));
        // by keyboard: Tab to the link, Enter
        WebElement link = browser.findElement(By.linkText("New subscription"));
        for (int i = 0; i < 20 && !link.equals(browser.switchTo().activeElement()); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform(); // to whatever has the focus, as a keyboard does
        }
        assertThat(browser.switchTo().activeElement()).as("reached by Tab").isEqualTo(link);
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        waitFor(By.id("f-name")).sendKeys(name);
        browser.findElement(By.id("f-target")).sendKeys(sink.url("/browser"));
        browser.findElement(By.id("f-events")).sendKeys("browser, other");
        browser.findElement(By.id("f-max-wait")).sendKeys("1");
        browser.findElement(By.id("f-max-events")).sendKeys("5");
        browser.findElement(By.id("f-sign")).click();
        screenshot("subscription-form");
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();

        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), name));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("signing secret, shown this once: whsec_");
        String id = subscriptionId(name);
        assertThat(sink.probes("/browser")).hasSize(1);

        assertThat(post("/api/v1/events", "[{\"type\":\"browser\",\"id\":\"b-1\",\"data\":{\"note\":\"" + "<script>x</script>"
                + "\"}},{\"type\":\"browser\",\"id\":\"b-2\"}]").statusCode()).isEqualTo(202);
        String attempt = textOf(By.cssSelector("#attempts tr.attempt-delivered"), Duration.ofSeconds(30));
        assertThat(attempt).contains("delivered").contains("200")
                .contains("<b>thanks</b>").contains("window.hooklineXss='answer'");
        assertThat(browser.findElements(By.cssSelector("#view b"))).as("the answer's markup is text").isEmpty();
        screenshot("subscription");

        browser.get(base() + "/console/index.html#/subscriptions");
        WebElement row = waitFor(By.cssSelector("tr[data-id='" + id + "']"));
        assertThat(row.getText()).contains(name).contains("active");
        assertThat(browser.findElements(By.cssSelector("#view img"))).as("the name's markup is text").isEmpty();
        screenshot("subscriptions");
        assertNoScriptRan();
    }

    @Test
    @Order(3)
    void replaysADeadLetterAndSeesItDelivered() throws Exception {
        String id = createWebhook("dead letters", "/browser-dead", List.of("browser-dead"), null,
                Map.of("max_events", 1, "max_wait", 1));
        sink.respond("/browser-dead", 500);
        assertThat(post("/api/v1/events", "{\"type\":\"browser-dead\",\"id\":\"dead-1\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches(id, "DEAD").size() == 1);
        sink.respond("/browser-dead", 200);

        browser.get(base() + "/console/index.html#/subscriptions/" + id);
        textOf(By.cssSelector("#attempts tr.attempt-failed, #attempts tr.attempt-dead"), Duration.ofSeconds(20));
        browser.findElement(By.cssSelector(".tabs button[data-status='DEAD']")).click();
        textOf(By.cssSelector("#batches button.replay-one"), Duration.ofSeconds(20));
        screenshot("dead-letters");
        click(By.cssSelector("#batches button.replay-one"));

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/browser-dead").contains("dead-1"));
        browser.findElement(By.cssSelector(".tabs button[data-status='READY']")).click();
        assertThat(textOf(By.cssSelector("#attempts tr.attempt-delivered"), Duration.ofSeconds(20))).contains("200");
        assertThat(batches(id, "DEAD")).isEmpty();
    }

    @Test
    @Order(4)
    void showsTheQuarantineAndAnEventsScriptAsText() throws Exception {
        String body = "{\"type\":\"browser\" \"data\":\"" + String.format(XSS, "event", "event").replace("\"", "'") + "\"}";
        assertThat(post("/api/v1/events", body).statusCode()).isEqualTo(400);

        browser.get(base() + "/console/index.html#/quarantine");
        WebElement raw = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#view pre.raw"))
                .stream().filter(p -> p.getText().contains("hooklineXss='event'")).findFirst().orElse(null));
        assertThat(raw.getText()).isEqualTo(body);
        assertThat(raw.findElements(By.xpath(".//*"))).as("no element made of the body").isEmpty();
        assertThat(browser.findElement(By.cssSelector("#view table")).getText()).contains("Invalid JSON");
        screenshot("quarantine");
        assertNoScriptRan();
    }

    @Test
    @Order(5)
    void theOverviewChartsTheLastHour() throws Exception {
        browser.get(base() + "/console/index.html#/overview");
        waitFor(By.cssSelector("#chart canvas"));
        WebElement stats = waitFor(By.cssSelector("#stats .stats"));
        assertThat(stats.getText()).contains("Events in").contains("Delivered");
        assertThat(browser.findElements(By.cssSelector("#recent tbody tr"))).hasSize(10);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            browser.navigate().refresh();
            long eventsIn = Long.parseLong(waitFor(By.cssSelector("#stats .stat .n")).getText());
            assertThat(eventsIn).isGreaterThanOrEqualTo(3);
        });
        screenshot("overview");
    }

    @Test
    @Order(6)
    void aChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        String id = createWebhook("csrf", "/browser-csrf", List.of("csrf"), null, null);
        browser.get(base() + "/console/index.html#/subscriptions/" + id);
        waitFor(By.id("pause"));
        Object refused = asyncFetch("fetch('/api/v1/webhooks/" + id + "/pause', {method: 'POST', credentials: 'same-origin'})"
                + ".then(r => done(r.status))");
        assertThat(((Number) refused).intValue()).isEqualTo(403);
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/paused").asBoolean()).isFalse();

        browser.findElement(By.id("pause")).click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/paused").asBoolean());
        waitFor(By.cssSelector("#view .state-paused"));
    }

    @Test
    @Order(7)
    void editsTestsRotatesAndDeletesASubscription() throws Exception {
        String id = createWebhook("to edit", "/browser-edit", List.of("edit"), null, null);
        browser.get(base() + "/console/index.html#/subscriptions/" + id);
        click(By.linkText("Edit"));
        WebElement events = waitFor(By.id("f-events"));
        assertThat(events.getAttribute("value")).isEqualTo("edit");
        events.clear();
        events.sendKeys("edit, edited");
        browser.findElement(By.id("f-name")).clear();
        browser.findElement(By.id("f-name")).sendKeys("edited");
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "edited"));
        JsonNode edited = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(edited.get("name").asText()).isEqualTo("edited");
        assertThat(edited.get("events")).extracting(JsonNode::asText).containsExactly("edit", "edited");

        sink.respondToProbe("/browser-edit", 503);
        click(By.id("send-test"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("flash"), "The target refused the test event: HTTP 503"));
        assertThat(sink.probes("/browser-edit")).hasSize(2);

        click(By.id("rotate"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
        String secret = textOf(By.cssSelector("#secret .secret"), Duration.ofSeconds(20));
        assertThat(secret).startsWith("whsec_");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/signing_secret").asText())
                .isEqualTo("****" + secret.substring(secret.length() - 4));

        click(By.id("delete"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("#view h1"),
                "Subscriptions"));
        assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Deleted edited.");
        assertThat(get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void pastesAClientCertificateSeesItsSummaryNeverItsKeyAndRemovesIt() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("CN=Console CA");
        TestCertificates.Issued client = TestCertificates.client("CN=console-client", ca);
        TestCertificates.Issued other = TestCertificates.client("CN=other-client", ca);
        String id = createWebhook("with tls", "/browser-tls", List.of("tls"), null, null);
        browser.get(base() + "/console/index.html#/subscriptions/" + id + "/edit");
        waitFor(By.id("f-client-certificate")).sendKeys(client.certificatePem());
        browser.findElement(By.id("f-client-key")).sendKeys(other.keyPem());
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();
        assertThat(textOf(By.cssSelector("#subscription-form .error"), Duration.ofSeconds(20)))
                .contains("is not the private key of the client certificate (CN=console-client)");

        browser.findElement(By.id("f-client-key")).clear();
        browser.findElement(By.id("f-client-key")).sendKeys(client.keyPem());
        browser.findElement(By.id("f-ca-certificates")).sendKeys(ca.certificatePem());
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("view"), "client certificate CN=console-client (issued by CN=Console CA, SHA-256 "));
        String page = browser.findElement(By.id("view")).getText();
        assertThat(page).contains("trusts CN=Console CA").contains("valid until "
                + client.certificate().getNotAfter().toInstant()).doesNotContain("PRIVATE KEY");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/target_tls/client_certificate/subject")
                .asText()).isEqualTo("CN=console-client");

        click(By.linkText("Edit"));
        assertThat(waitFor(By.id("f-client-key")).getAttribute("value")).as("the key is never put back in the form")
                .isEmpty();
        assertThat(browser.findElement(By.id("view")).getText()).contains("Now: client certificate CN=console-client");
        browser.findElement(By.id("f-remove-tls")).click();
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("view"), "Target TLS (mutual TLS)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !JSON.readTree(get("/api/v1/webhooks/" + id).body())
                .at("/results").has("target_tls"));
    }

    @Test
    @Order(8)
    void fitsAPhoneScreen() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(base() + "/console/index.html#/subscriptions");
            waitFor(By.cssSelector("#view table"));
            Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("no sideways scrolling of the page").isLessThanOrEqualTo(0);
            screenshot("phone-subscriptions");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Test
    @Order(9)
    void signsOut() throws Exception {
        browser.get(base() + "/console/index.html#/subscriptions");
        waitFor(By.id("logout")).click();
        waitFor(By.cssSelector("#login:not([hidden])"));
        assertThat(browser.manage().getCookieNamed("hookline_console")).isNull();
        browser.navigate().refresh();
        assertThat(waitFor(By.id("key")).isDisplayed()).isTrue();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The text of the first element found, once there is one: re-read when the page refreshed it meanwhile. */
    private String textOf(By by, Duration within) {
        return new WebDriverWait(browser, within).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0).getText();
        });
    }

    /** Clicks the element, found again when the page refreshed it between finding and clicking. */
    private void click(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private Object asyncFetch(String script) {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1]; " + script);
    }

    private void assertNoScriptRan() {
        assertThat(js("return window.hooklineXss === undefined ? null : window.hooklineXss")).isNull();
    }

    private String subscriptionId(String name) throws Exception {
        for (JsonNode w : JSON.readTree(get("/api/v1/webhooks").body()).get("results")) {
            if (name.equals(w.get("name").asText())) {
                return w.get("id").asText();
            }
        }
        throw new IllegalStateException("no subscription " + name);
    }

    /** The whole page (up to 2,000 pixels high), at the window's width. */
    private static void screenshot(String name) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(2000, Math.max(height + 140,
                window.getHeight()))));
        try {
            Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(window);
        }
    }
}
