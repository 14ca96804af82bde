"""Default receivers of the customer extension points."""
