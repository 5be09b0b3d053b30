"""Text commands of the catalogue; each feature contributes its own module."""
