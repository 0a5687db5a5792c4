"""Full screens: home, concept page, learning path, help, problems."""
