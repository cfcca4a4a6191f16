# The two commands of the README:
#   make run    set everything up and start the playground
#   make test   set everything up and run every test suite
.PHONY: run test bench engine-demo clean

run:
	scripts/setup-venv
	bin/run-playground

test:
	scripts/test

# Engine growth and cost per event (prints a table; --quick for a short run).
bench:
	scripts/setup-venv
	.venv/bin/python bench/engine.py

# The engine alone, on a built-in preset.
engine-demo:
	scripts/setup-venv
	.venv/bin/python -m kernel_engine run --pretty --preset cpu-srt-four

clean:
	rm -rf var test-artifacts .pytest_cache
