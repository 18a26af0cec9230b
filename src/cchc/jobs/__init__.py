"""Work a person should not wait on in one request, run by ``cchc worker`` with its progress
on a page: the mechanics every kind of background job shares (``runner``)."""
