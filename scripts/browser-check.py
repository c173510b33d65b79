#!/usr/bin/env python3
"""The page and the HTML report in a real browser (issue 26): headless Chromium (Debian's,
nothing downloaded) driven by Playwright, axe-core (axe-playwright-python) on every view.

On a served sample city it:
- runs axe-core on the page signed out, signed in, and filtered, and on the HTML report,
  in English and in Danish, and fails on any violation;
- signs in as the municipality, answers an offer from the page, and reads the S1 refusal
  of a second answer that would break one in three;
- writes screenshots of the report in both languages to docs/ (--screenshots).

Usage: scripts/browser-check.py BIN [--small] [--screenshots]
  BIN: vacancy-ledger with vacancy-ledger-network beside it.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    small, screenshots = "--small" in sys.argv, "--screenshots" in sys.argv
    binary = os.path.abspath(args[0])
    work = tempfile.mkdtemp(prefix="vl-browser-")
    db = os.path.join(work, "city.sqlite")
    env = dict(os.environ, VACANCY_LEDGER_DB=db, VACANCY_LEDGER_LANG="en")

    def run(*command, lang="en"):
        done = subprocess.run([binary, *command, "--lang", lang], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"browser-check: `{' '.join(command)}` failed: {done.stderr.strip()}")
        return done.stdout

    run("demo", "--db", db, *(["--small"] if small else []))
    # A department of our own where a second answer breaks one in three (offers 3 and 5 of 6).
    run("department", "add", "TST-1", "--name", "Prøvegården", "--units", "120", "--staircase", "department", "--step", "1")
    offered = []
    for day in range(1, 7):
        decision = json.loads(run("log", "TST-1", "--unit", f"P{day}", "--date", f"2026-02-0{day}", "--format", "json"))
        if decision["offered"]:
            offered.append((decision["vacancy"], f"0{day}-02-2026"))
    if len(offered) < 2:
        sys.exit(f"browser-check: expected two offers in TST-1, got {offered}")

    def secret(*flags):
        return json.loads(run("token", "issue", "--format", "json", *flags))["secret"]

    auditor = secret("--role", "auditor", "--name", "Browser auditor")
    municipality = secret("--role", "municipality", "--name", "Browser municipality")
    for lang in ["en", "da"]:
        run("report", "--year", "2026", "--html", os.path.join(work, f"report-{lang}.html"), lang=lang)

    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--db", db, "--port", "0"], env=env, stderr=log, stdout=log)
    try:
        url = None
        for _ in range(300):
            found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", open(log.name).read())
            if found:
                url = found.group(1)
                break
            time.sleep(0.1)
        if not url:
            sys.exit("browser-check: the service did not start: " + open(log.name).read())
        failures = check(url, work, auditor, municipality, offered, screenshots)
    finally:
        server.terminate()
        server.wait()
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print("browser-check: no axe-core violation on 10 views; the page answered an offer and told the S1 refusal in words")


def check(url, work, auditor, municipality, offered, screenshots):
    failures = []
    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])

        def audit(page, what):
            violations = axe.run(page).response["violations"]
            for v in violations:
                nodes = [n["target"] for n in v["nodes"]][:5]
                failures.append(f"axe: {what}: {v['id']} ({v['impact']}, {len(v['nodes'])} elements) {nodes}")
            print(f"axe: {what}: {len(violations)} violations")

        for lang, accept in [("en", "en-GB,en;q=0.9"), ("da", "da-DK,da;q=0.9")]:
            context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": accept})
            page = context.new_page()
            page.goto(url + "/")
            if page.get_attribute("html", "lang") != lang:
                failures.append(f"the signed-out page in {lang} has lang={page.get_attribute('html', 'lang')}")
            audit(page, f"signed out ({lang})")
            page.fill("#token", auditor)
            with page.expect_navigation():
                page.click("button[type=submit]")
            audit(page, f"signed in ({lang})")
            page.select_option("#f-org", "AAB")
            with page.expect_navigation():
                page.click("form.filters button[type=submit]")
            if "AAB" not in page.url:
                failures.append(f"the filter did not apply ({lang}): {page.url}")
            audit(page, f"filtered ({lang})")
            report = context.new_page()
            report.goto("file://" + os.path.join(work, f"report-{lang}.html"))
            audit(report, f"HTML report ({lang})")
            if screenshots:
                report.set_viewport_size({"width": 900, "height": 900})
                report.screenshot(path=os.path.join(ROOT, "docs", f"report-{lang}.png"), full_page=True)
            for svg in report.query_selector_all("svg"):
                height = float(svg.get_attribute("height") or 0)
                if height > 2000:
                    failures.append(f"a chart of the report ({lang}) is {height} px tall")
            context.close()

        # The municipality answers from the page, in Danish, by keyboard as well as mouse.
        context = browser.new_context(locale="da", extra_http_headers={"Accept-Language": "da"})
        page = context.new_page()
        page.goto(url + "/")
        page.fill("#token", municipality)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        audit(page, "the municipality's page with its forms (da)")
        for (vacancy, date), expect in zip(offered[:2], ["Registreret: ledig bolig", "Ikke registreret"]):
            form = page.locator(f"form[action='/page/settle']:has(input[name=vacancy][value='{vacancy}'])")
            if form.count() != 1:
                failures.append(f"no settle form for vacancy {vacancy}")
                continue
            form.locator("select[name=outcome]").select_option("referred")
            form.locator("input[name=date]").fill(date)
            with page.expect_navigation():
                form.locator("button[type=submit]").click()
            said = page.locator("[role=alert], [role=status]").first.inner_text()
            print(f"settle {vacancy} on {date}: {said}")
            if expect not in said or "--force" in said:
                failures.append(f"answering vacancy {vacancy}: expected '{expect}', the page said: {said}")
        audit(page, "the municipality's page after a refusal (da)")
        context.close()
        browser.close()
    return failures


if __name__ == "__main__":
    main()
