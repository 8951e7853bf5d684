import gc
import sys

if __name__ == "__main__":  # not when a helper process (app.exchange.read_ahead) imports this module
    if getattr(sys, "frozen", False):  # the frozen program, started as such a helper, does its part and exits
        import multiprocessing

        multiprocessing.freeze_support()
    # Starting makes ~90,000 objects that live as long as the program (modules, classes, the database
    # mappings, the window) and next to no garbage: collecting while they are made only slows the
    # window's start (~40 ms). app.cli.main.main turns collection back on when a command starts; the window
    # does when it is shown (app.ui.main.run_gui).
    gc.disable()
    from app.cli.main import run

    run()
