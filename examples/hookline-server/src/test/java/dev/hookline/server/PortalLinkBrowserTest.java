package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Portal links in a real browser (Debian's headless {@code chromium}, as {@link ConsoleBrowserTest}): a link made with
 * the admin key for one account signs the browser in as that account, which sees its own webhooks and no other's; the
 * token leaves the address bar for a session cookie; the link works once, and not after its 10 minutes.
 */
@SpringBootTest(classes = { HooklineServer.class, PipelineContract.ClockConfiguration.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PortalLinkBrowserTest extends ServerTestSupport {

    static WebDriver browser;

    @Autowired
    Clock clock;

    @BeforeAll
    static void startBrowser() {
        assertThat(ConsoleBrowserTest.CHROMIUM).as("Debian's chromium (apt-get install -y chromium chromium-driver)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPortalLinkShowsOneAccountOnlyOnceAndExpires() throws Exception {
        String[] a = account("portal-a");
        String[] b = account("portal-b");
        webhookAs(a[1], "webhook-of-account-a", "/portal-a");
        webhookAs(b[1], "webhook-of-account-b", "/portal-b");
        createWebhook("webhook-of-the-admin", "/portal-admin", java.util.List.of("portal.event"), null, null);

        assertError(request("POST", "/api/v1/portal-links", "application/json", "{\"account_id\":\"" + a[0] + "\"}", a[1]),
                403, "Only the admin key may make portal links");
        assertError(post("/api/v1/portal-links", "{\"account_id\":\"no-such-account\"}"), 404, "No account");
        assertError(post("/api/v1/portal-links", "{}"), 400, "Field 'account_id' is required");

        String link = portalLink(a[0]);
        assertThat(link).startsWith("/console/portal/");
        browser.get(base() + link);
        assertThat(waitFor(By.id("who")).getText()).isEqualTo("Signed in as account " + a[0]);
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(link)
                .doesNotContain(link.substring("/console/portal/".length()));
        browser.get(base() + "/console/index.html#/subscriptions");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "webhook-of-account-a"));
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).doesNotContain("webhook-of-account-b").doesNotContain("webhook-of-the-admin");
        assertThat(browser.manage().getCookieNamed("hookline_console").isHttpOnly()).isTrue();

        // another site opening a link for B, or a bad link, neither swaps this browser's session nor signs it out
        String linkOfB = portalLink(b[0]);
        browser.get(base() + linkOfB);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("flash"), "signed in already"));
        assertThat(waitFor(By.id("who")).getText()).isEqualTo("Signed in as account " + a[0]);
        browser.get(base() + "/console/portal/not-a-link");
        assertThat(waitFor(By.id("who")).getText()).isEqualTo("Signed in as account " + a[0]);
        assertThat(browser.findElement(By.linkText("Subscriptions")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("nav a")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText)).as("the quarantine and the overview span every account: not shown to one")
                .containsExactly("Subscriptions");

        browser.manage().deleteAllCookies();
        browser.get(base() + linkOfB);
        assertThat(waitFor(By.id("who")).getText()).as("B's link was left unused").isEqualTo("Signed in as account " + b[0]);

        browser.manage().deleteAllCookies();
        browser.get(base() + link);
        assertThat(waitFor(By.id("portal-expired")).getText()).contains("expired or was already used");
        assertThat(browser.manage().getCookieNamed("hookline_console")).as("a used link signs nobody in").isNull();

        String late = portalLink(a[0]);
        ((MutableClock) clock).advance(Duration.ofMinutes(10).plusSeconds(1));
        browser.get(base() + late);
        assertThat(waitFor(By.id("portal-expired")).isDisplayed()).isTrue();
        assertThat(browser.manage().getCookieNamed("hookline_console")).as("an expired link signs nobody in").isNull();
    }

    @Test
    void anAccountSetsARetryScheduleAnEd25519KeyAndATransformThroughTheForm() throws Exception {
        String[] c = account("portal-form");
        browser.manage().deleteAllCookies();
        browser.get(base() + portalLink(c[0]));
        waitFor(By.id("who"));
        browser.get(base() + "/console/index.html#/subscriptions/new");
        waitFor(By.id("f-name")).sendKeys("shaped");
        browser.findElement(By.id("f-target")).sendKeys(sink.url("/portal-form"));
        browser.findElement(By.id("f-events")).sendKeys("portal.event");
        browser.findElement(By.id("f-schedule")).sendKeys("5, 300, 1800");
        browser.findElement(By.id("f-transform")).sendKeys("{'to': recipient.email}");
        browser.findElement(By.id("f-sign-key")).click();
        browser.findElement(By.cssSelector("#subscription-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("#view h1"),
                "shaped"));
        String page = browser.findElement(By.id("view")).getText();
        assertThat(page).contains("5, 300, 1800 s").contains("{'to': recipient.email}").contains("whpk_");

        JsonNode created = JSON.readTree(request("GET", "/api/v1/webhooks", null, null, c[1]).body()).at("/results/0");
        assertThat(created.at("/retry/schedule").toString()).isEqualTo("[5,300,1800]");
        assertThat(created.at("/transform/jsonata").asText()).isEqualTo("{'to': recipient.email}");
        assertThat(created.at("/signing_public_key").asText()).startsWith("whpk_");
    }

    private String[] account(String name) throws Exception {
        HttpResponse<String> r = post("/api/v1/accounts", "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode results = JSON.readTree(r.body()).get("results");
        return new String[] { results.get("id").asText(), results.get("api_key").asText() };
    }

    private void webhookAs(String key, String name, String path) throws Exception {
        HttpResponse<String> r = request("POST", "/api/v1/webhooks", "application/json", "{\"name\":\"" + name
                + "\",\"target\":\"" + sink.url(path) + "\",\"events\":[\"portal.event\"]}", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String portalLink(String accountId) throws Exception {
        HttpResponse<String> r = post("/api/v1/portal-links", "{\"account_id\":\"" + accountId + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).at("/results/url").asText();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }
}
