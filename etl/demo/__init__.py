"""The offline demo: outlet-like sites served on 127.0.0.1 from a bundled snapshot."""
