"""Modal dialogs (ModalScreen[T]) for text entry and decisions."""
