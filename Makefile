.PHONY: run test bench chaos build clean

## make run   — start the Omie simulator and the connector (embedded defaults; Ctrl-C stops both)
run:
	bash scripts/run.sh

## make test  — unit + integration tests on a real RabbitMQ; prints "N passed, N failed"
test:
	bash scripts/test.sh

## make bench — benchmarks (never part of make test); figures go to BENCHMARKS.md
bench:
	bash scripts/bench.sh

## make chaos — reliability suite: 2 instances on PostgreSQL + RabbitMQ + simulator, faults injected; prints a table
chaos:
	bash scripts/chaos.sh

build:
	dotnet build ErpConnector.sln -c Debug -nologo

clean:
	rm -rf TestResults .run */*/bin */*/obj
