from kurils.cli import main

raise SystemExit(main())
