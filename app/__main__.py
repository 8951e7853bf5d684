import gc
import sys

# Starting makes ~90,000 objects that live as long as the program (modules, classes, the database
# mappings, the window) and next to no garbage: collecting while they are made only slows the
# window's start (~40 ms). app.cli.main turns collection back on when a command starts; the window
# does when it is shown (app.ui.main.run_gui).
gc.disable()

from app.cli import main  # noqa: E402 - after the collector is paused

sys.exit(main())
