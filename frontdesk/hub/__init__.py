"""The hub: the server every counter PC syncs with (extra ``frontdesk[hub]``)."""
