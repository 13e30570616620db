from xladdin.cli import run

run()
