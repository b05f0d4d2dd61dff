# Refrain: `make run` starts the studio, `make test` runs the suite. Both set up everything first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_DIR := var/bench
# Recorded English speech with its transcripts, for bench/analysis.py: the LibriVox and card-game
# clips in the pocketsphinx source distribution (fetched here by pip, never while a bench runs).
SPEECH_SDIST := pocketsphinx-5.1.1.tar.gz
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` kills what is left of its servers this long after a stop (the worker cluster itself
# ends busy workers after REFRAIN_STOP_GRACE, 8 s).
STOP_AFTER_S ?= 10
PYTEST_ARGS ?=
# librosa's numba code is compiled once into this folder (outside .venv), by one process, before a
# server, a worker or the tests start; engine/analysis/numba_cache.py keeps processes from
# compiling it at the same time, which leaves a cache that segfaults.
NUMBA_CACHE_DIR ?= $(or $(REFRAIN_VAR_DIR),var)/numba-cache
export NUMBA_CACHE_DIR
COMPILED_STAMP := $(NUMBA_CACHE_DIR)/.compiled

.PHONY: help install system-deps test-deps compile migrate run web worker test lint format bench bench-deps bench-voice bench-load bench-load-deps clean

help:
	@echo "make run    install, migrate, seed the demo account, start web + worker on http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (lint + pytest)"
	@echo "make bench  run the benchmarks under bench/ (engine, then analysis)"
	@echo "make bench-voice  the voice benchmark (bench/voice.py, both voices; about 20-30 minutes)"

# System packages: the singing voice's leads are Flite's voices (Debian's libflite1, the library
# and its voices; everything else ships as a wheel). The browser tests drive Debian's Chromium
# (Playwright's own browser download is not used).
FLITE_PACKAGE := libflite1

system-deps:
	@if ! PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep 'libflite_cmu_us_slt\.so\.1' >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "--- installing Debian's $(FLITE_PACKAGE) for the singing voice"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FLITE_PACKAGE) >/dev/null; \
	  else echo "the singing voice needs Debian's Flite: sudo apt-get install $(FLITE_PACKAGE)"; exit 1; fi; \
	fi

test-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "--- installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "the browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; \
	fi
	@# The queue's Redis broker is tested against Debian's redis-server, which each test starts
	@# on a free loopback port of its own (the package's own service is not used).
	@if ! PATH="$$PATH:/usr/sbin:/sbin" command -v redis-server >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "--- installing Debian's redis-server for the Redis broker's tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "the Redis broker's tests need Debian's redis-server: sudo apt-get install redis-server"; exit 1; fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# tinysoundfont's only dependency is pyaudio (live playback, needs portaudio headers): we never use it.
	$(PY) -m pip install --quiet --no-deps 'tinysoundfont>=0.3.7,<0.4'
	@touch $@

install: system-deps $(STAMP)

$(COMPILED_STAMP): $(STAMP)
	@echo "--- compiling the analysis code into $(NUMBA_CACHE_DIR) (once after an install, ~30 s)"
	$(PY) -c 'from engine.analysis.preprocess import compile_listeners; compile_listeners()'
	@touch $@

compile: install $(COMPILED_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

run: migrate compile
	@$(PY) manage.py seed_demo
	@echo "Refrain is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@# Each server runs in a process group of its own, which a stop ends whole: SIGTERM or Ctrl-C
	@# here is forwarded to both, waited for, and what is left after $(STOP_AFTER_S) s is killed.
	@# A stop ignores further signals: make sends its own SIGTERM to this shell after the one it
	@# shares with it, and a shell ended by that second one would let make return before them.
	@stop() { status=$$?; trap '' INT TERM; trap - EXIT; kill -TERM -- -$$worker -$$web 2>/dev/null; \
	    for _ in $$(seq 1 $$(( $(STOP_AFTER_S) * 10 ))); do \
	      kill -0 -- -$$worker -$$web 2>/dev/null || exit $$status; sleep 0.1; done; \
	    echo "Refrain did not stop within $(STOP_AFTER_S) s: killing what is left"; \
	    kill -KILL -- -$$worker -$$web 2>/dev/null; exit $$status; }; \
	  trap stop EXIT INT TERM; \
	  setsid $(PY) manage.py qcluster & worker=$$!; \
	  setsid $(PY) manage.py runserver --noreload $(HOST):$(PORT) & web=$$!; \
	  wait -n

web: migrate
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: migrate compile
	$(PY) manage.py qcluster

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install test-deps compile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

$(BENCH_DIR)/$(SPEECH_SDIST):
	$(PY) -m pip download --quiet --no-deps --no-binary pocketsphinx -d $(BENCH_DIR) 'pocketsphinx==5.1.1'

bench-deps: install $(BENCH_STAMP) $(BENCH_DIR)/$(SPEECH_SDIST)

bench: bench-deps
	$(PY) bench/engine.py
	$(PY) bench/analysis.py

# The voices on the REPORT set (bench/voice.py): long, so apart from `make bench`; run it alone.
bench-voice: install $(BENCH_STAMP)
	$(PY) bench/voice.py

# --- load figures (bench/load.py): gunicorn on 127.0.0.1 driven by Debian's wrk ---------------
bench-load-deps: install
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "--- installing Debian's wrk for the load bench"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "the load bench needs Debian's wrk: sudo apt-get install wrk"; exit 1; fi; \
	fi

bench-load: bench-load-deps
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
