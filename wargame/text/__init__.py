"""Text that came from outside the program (scenarios, rulesets, the source register, logs, people),
made safe for each place it is shown: terminal, Textual markup, Markdown, spreadsheet cell."""
