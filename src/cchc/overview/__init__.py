"""The overview: the leadership's and the Office's home page (``/tong-quan/``), a panel per
capability (``panels``), and the department's public page of the indicators it chooses to
publish (``/cong-khai/<org>/``)."""
