# The README's two commands and their bootstrap. Run from the checkout root.
#   make rehearse   the reviewer's 12 steps in Chromium, Allure results + video + review kit
#   make test       lint, unit tests, every feature with both drivers, on the embedded
#                   contact center and on two external apps (examples/*/harness.toml)
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
PYTEST := $(VENV)/bin/pytest
ALLURE_RESULTS := reports/allure-results
ALLURE_REPORT := reports/allure-report
ALLURE_NPM := allure@3.18.0
REVIEW_KIT := reports/review-kit
VIDEOS := reports/videos
REHEARSAL_RESULTS := reports/rehearsal/allure-results
REHEARSAL_REPORT := reports/rehearsal/allure-report
UNSEND_POLICY ?= show
PACE ?= person
# one recording per permission: manage_messages' 12 steps go on to step 13 in the same windows
REHEARSED := $(if $(filter ignore,$(UNSEND_POLICY)),app_review and not unsend,app_review and not without_step13)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PW_BROWSERS := $(or $(PLAYWRIGHT_BROWSERS_PATH),$(HOME)/.cache/ms-playwright)

EXAMPLE_DESK := examples/express-desk

.PHONY: rehearse test stress conformance demo report review-kit bootstrap chromium lint clean \
	example-deps load benchmarks

# SUT=path/to/harness.toml rehearses your own app instead (docs/bring-your-own-app.md).
# UNSEND_POLICY=ignore: your app declares unsends ignored: the 12 steps without step 13.
# PACE=off records at test speed (a quick look at a fix; the kit's screencast wants a person's).
# BREAK=name breaks the embedded service on purpose (routing_service/deliberate_breaks.py),
# to see what a failed rehearsal reports.
# The report is written whether the rehearsal passed or not; the kit only from a passing run
# (its failure is named, with the step, in the summary); results apart from `make test`'s.
rehearse: bootstrap chromium
	@status=0; \
	$(PYTEST) features -m "$(REHEARSED)" --driver=browser --video=on --screenshot=on --progress \
		--pace=$(PACE) \
		--videos-dir=$(VIDEOS) --alluredir=$(REHEARSAL_RESULTS) --clean-alluredir \
		$(if $(SUT),--sut-config $(SUT)) $(if $(BREAK),--break-reference $(BREAK)) \
		|| status=$$?; \
	$(MAKE) --no-print-directory report ALLURE_RESULTS=$(REHEARSAL_RESULTS) \
		ALLURE_REPORT=$(REHEARSAL_REPORT); \
	if [ $$status -eq 0 ]; then $(MAKE) --no-print-directory review-kit \
		ARGS="--unsend-policy $(UNSEND_POLICY) $(ARGS)" || status=$$?; \
	else rm -rf $(REVIEW_KIT); fi; \
	$(VENV)/bin/python -m reports.summary --results $(REHEARSAL_RESULTS) \
		--report $(REHEARSAL_REPORT)/index.html --videos $(VIDEOS) --kit $(REVIEW_KIT); \
	exit $$status

# The stages run side by side in three lanes (tests/stages.py: long; unit then load;
# express-desk then conformance then reference-service); every stage runs even after a red
# one, each one's output is printed whole when it ends, and a table of their times ends it.
# PYTEST_ARGS="-p randomly" (or any pytest option) goes to every pytest stage.
test: bootstrap chromium lint example-deps
	@$(VENV)/bin/python -m tests.stages -- $(PYTEST_ARGS)

# make test twice while a CPU hog keeps one core busy, then once with -p randomly (tests/stress.sh)
stress: bootstrap chromium example-deps
	@tests/stress.sh

# The whole conformance set with both drivers, on the embedded contact center (about 3
# minutes: in Chromium every check opens both windows) or SUT=path/to/harness.toml.
conformance: bootstrap chromium example-deps
	$(PYTEST) -n 2 features -m conformance --driver=api,browser $(if $(SUT),--sut-config $(SUT))

# The example app's Node packages, exactly as its package-lock.json pins them.
example-deps: $(EXAMPLE_DESK)/node_modules/.installed

$(EXAMPLE_DESK)/node_modules/.installed: $(EXAMPLE_DESK)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js 20+) is needed for $(EXAMPLE_DESK)" >&2; exit 1; }
	cd $(EXAMPLE_DESK) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Both apps wired together on 127.0.0.1, to click through the reviewer's steps by hand.
demo: bootstrap
	$(VENV)/bin/python -m fixtures demo

# Load mode (load/): Instagram users under Locust, one master and two workers on loopback,
# against the embedded reference service for 30 s (at most 200 actions a user); prints the
# summary. ARGS="--mode direct", "--sut-config harness.toml", "--users 16"... (python -m load -h)
load: bootstrap
	$(VENV)/bin/python -m load --users 8 --seconds 30 --workers 2 $(ARGS)

# Every benchmark, a line each (benchmarks/README.md keeps the latest figures); FULL=1 for
# the full runs, which take minutes.
benchmarks: bootstrap
	$(VENV)/bin/python -m benchmarks $(if $(FULL),--full)

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# What a team submits, per permission, from the last rehearsal's videos and steps.json.
# For the real submission: make review-kit ARGS="--app-url https://... --agent-login ..."
review-kit: bootstrap
	$(VENV)/bin/python -m reports.review_kit --videos $(VIDEOS) --out $(REVIEW_KIT) $(ARGS)

# The HTML report needs Node's npx (Allure 3, no Java); results stay usable without it.
report:
	@if command -v npx >/dev/null 2>&1; then \
		rm -rf $(ALLURE_REPORT) && npx -y $(ALLURE_NPM) generate $(ALLURE_RESULTS) \
			--output $(ALLURE_REPORT) \
			|| echo "warning: the Allure HTML report was not generated" >&2; \
	else echo "warning: npx not found: no HTML report (results are in $(ALLURE_RESULTS))" >&2; fi

bootstrap: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

# Playwright's own Chromium if installed, else a system one, else try to get one.
chromium: bootstrap
	@if ls -d $(PW_BROWSERS)/chromium-* >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ] \
		|| [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then :; \
	elif $(VENV)/bin/playwright install chromium >/dev/null 2>&1; then \
		echo "installed Playwright's Chromium"; \
	else echo "Playwright's Chromium cannot be downloaded: installing Debian's chromium"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; \
	fi
	@# emoji in messages, reactions and screencasts render only with a colour emoji font
	@if ! fc-list 2>/dev/null | grep -qi "emoji"; then \
		echo "installing Debian's fonts-noto-color-emoji (emoji in pages and screencasts)"; \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-color-emoji; } \
		|| echo "warning: no emoji font: emoji show as boxes in screenshots" >&2; \
	fi
	@# Chinese, Japanese and Korean names and messages need a CJK font (else boxes)
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing Debian's fonts-noto-cjk (CJK text in pages and screencasts)"; \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-cjk; } \
		|| echo "warning: no CJK font: Chinese, Japanese and Korean show as boxes" >&2; \
	fi

clean:
	rm -rf $(ALLURE_RESULTS) $(ALLURE_REPORT) reports/rehearsal reports/videos $(REVIEW_KIT) reports/stages
