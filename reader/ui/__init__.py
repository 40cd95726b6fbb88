"""The Textual app: screens and widgets over the core (the core never imports this)."""
