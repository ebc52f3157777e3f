import { strict as assert } from 'node:assert';
import { defaultIntentsDir } from '../../src/nlu';
import { loadTriageLexicon } from '../../src/nlu/dataset';
import { EmergencyRules, needsStrongModel } from '../../src/nlu/emergency';
import type { RuleMatch } from '../../src/nlu/emergency';
import { normalize } from '../../src/nlu/normalize';
import type { EmergencyKind } from '../../src/nlu/types';

const lexicon = new EmergencyRules(loadTriageLexicon(defaultIntentsDir()));
/** The rule match without the matched words, which the assertions below do not pin down. */
const rules = (text: string): Pick<RuleMatch, 'kind' | 'guarded' | 'routine'> => {
  const { kind, guarded, routine } = lexicon.match(normalize(text));
  return { kind, guarded, routine };
};

describe('nlu emergency rules', () => {
  const alarms: [string, EmergencyKind][] = [
    ['着火了 快来人', 'fire'],
    ['My kitchen is on fire', 'fire'],
    ['屋里全是煤气味 我妈头晕', 'gas'],
    ['I smell gas in the stairwell', 'gas'],
    ['有人拿刀在楼下砍人', 'crime'],
    ['someone is breaking into my house right now', 'crime'],
    ['我爸突然晕倒了 叫不醒', 'medical'],
    ['my friend is unconscious', 'medical'],
    ['我不想活了', 'suicide'],
    ['替我跟爸妈说声对不起', 'suicide'],
    ['say sorry to my parents for me', 'suicide'],
    ['电梯困人了 我们三个被关在里面', 'trapped'],
    ['车被水淹了 水快到车窗了 人还在车里', 'trapped'],
  ];
  for (const [text, kind] of alarms) {
    it(`raises the alarm for "${text}" as ${kind}`, () => {
      assert.deepEqual(rules(text), { kind, guarded: false, routine: false });
    });
  }

  const routine = [
    '想预约燃气安全检查',
    '我们小区电梯老是坏 一个月坏好几次',
    '上个月被电信诈骗了两万块 报了案一直没消息',
    'I was scammed online last month, any progress?',
    '燃气费怎么这么贵',
  ];
  for (const text of routine) {
    it(`stays quiet for the routine request "${text}"`, () => {
      const match = rules(text);
      assert.ok(match.kind === null || match.guarded, JSON.stringify(match));
    });
  }

  it('guards a past event but not one that is happening now', () => {
    assert.equal(rules('昨天小区里有人打架 想问怎么调解').guarded, true);
    assert.deepEqual(rules('昨天开始一直闻到煤气味 现在越来越浓'), {
      kind: 'gas',
      guarded: false,
      routine: false,
    });
  });

  it('hears a wish to die together with someone, not a story of others who did', () => {
    // 7 December 2026: a noise complaint ending "真想跟他同归于尽" went on to the district question.
    for (const text of [
      '楼上天天半夜拖椅子 跟他说了没用 物业也不管 我都快神经衰弱了 真想跟他同归于尽',
      '再这么逼我 大不了同归于尽',
      '我干脆和他们一家同归于尽算了',
    ]) {
      assert.equal(rules(text).kind, 'suicide', text);
    }
    for (const text of ['新闻说两车相撞 两个司机同归于尽', '电影最后主角和反派同归于尽了']) {
      assert.equal(rules(text).kind, null, text);
    }
  });

  it('takes a leaking gas pipe for gas, not any leaking pipe', () => {
    // 8 December 2026, walking the widget in English: a sink's pipe raised a gas alarm.
    for (const text of ['The pipe under my sink is leaking', 'the water meter is leaking again']) {
      assert.equal(rules(text).kind, null, text);
    }
    for (const text of [
      'the gas pipe in my kitchen is leaking',
      'the valve on the gas cylinder is leaking',
      'the pipe behind the stove is leaking and I can smell it',
    ]) {
      assert.equal(rules(text).kind, 'gas', text);
    }
  });

  it('never guards suicide signals, whatever the context', () => {
    assert.deepEqual(rules('之前咨询过心理热线 我还是不想活了'), {
      kind: 'suicide',
      guarded: false,
      routine: true,
    });
  });

  it('does not mistake annoyance for danger', () => {
    for (const text of [
      '烦死了 楼下天天有人摆摊',
      '气死我了 网上买的衣服不给退',
      '累死了 天天加班',
    ]) {
      assert.equal(rules(text).kind, null, text);
    }
  });

  describe('topic words and questions', () => {
    it('silences a topic word in a question or a service request', () => {
      for (const text of [
        '一氧化碳报警器去哪买比较靠谱',
        '孩子暑假想参加防溺水培训 在哪报名',
        '出了车祸以后保险理赔要什么手续',
        'how much do you pay for an ambulance ride here',
      ]) {
        const match = rules(text);
        assert.ok(match.kind === null || match.guarded, `${text}: ${JSON.stringify(match)}`);
      }
    });

    it('raises the alarm for a topic word outside a question, or in one about now', () => {
      assert.deepEqual(rules('孩子在河里溺水了'), {
        kind: 'medical',
        guarded: false,
        routine: false,
      });
      assert.equal(rules('please send an ambulance, my wife fell down the stairs').kind, 'medical');
      assert.equal(rules('救命 有人溺水了 哪里能借到救生圈').guarded, false);
    });

    it('makes the model need its higher threshold in a question', () => {
      assert.equal(
        needsStrongModel(lexicon.match(normalize('how much does a fire truck cost'))),
        true,
      );
      assert.equal(needsStrongModel(lexicon.match(normalize('楼道里全是烟'))), false);
    });
  });

  it("silences even a suicide cue in a rumour asked about, but not a statement of one's own", () => {
    assert.equal(rules('朋友圈都在传有人从大桥上跳下去了 真的假的').guarded, true);
    assert.equal(
      rules('people are saying a student attempted suicide at the station, is it true?').guarded,
      true,
    );
    assert.deepEqual(rules('是真的 我不想活了 没开玩笑'), {
      kind: 'suicide',
      guarded: false,
      routine: false,
    });
  });

  it('never lets a rumour silence writers who say they want to die themselves', () => {
    for (const text of [
      '是真的吗 我不想活了',
      '网上说我们这里要地震了 是真的吗 我好害怕 我不想活了',
      "is it true? i don't want to live anymore",
      '俺不想活了 这是真的吗 没人信俺',
    ]) {
      assert.deepEqual(rules(text), { kind: 'suicide', guarded: false, routine: true }, text);
    }
    assert.equal(rules('听说隔壁小区有人跳楼了 是真的吗').guarded, true);
  });

  it("guards someone else's suicide told as past or reported, not a risk statement", () => {
    for (const text of [
      '去年我表哥自杀了 他的社保怎么处理',
      '新闻说昨天有人跳河',
      '上周有人在我们小区跳楼 物业一直不处理',
      '那个跳楼的新闻是哪个小区啊',
      '去年有人在我们小区楼顶跳楼了 物业一直不锁门',
      '我表哥自杀了 他的遗产怎么分',
      'a friend of mine attempted suicide last year and is doing better now, any support groups?',
    ])
      assert.deepEqual(rules(text), { kind: 'suicide', guarded: true, routine: true }, text);
    assert.deepEqual(rules('my neighbour killed himself last year, who handles his flat'), {
      kind: null,
      guarded: false,
      routine: true,
    });
    for (const text of [
      '我爸昨天说不想活了',
      '我以前自杀过 现在又想了',
      '去年离婚后我一直想死',
      'my friend said last night he wants to end it all',
      '上周我吞过药 今天又想吞',
      // a risk statement beside the act, or the act wished for oneself
      '去年我表哥自杀了 我也不想活了',
      '去年我表哥自杀了 我也想跟着去',
      '上个月我儿子跳楼了 我活着没意思',
      '以前有人在这跳楼 我现在就站在楼顶边上',
      '上周有人跳河 今天我也站在河边',
      '我去年自杀过一次 想问心理咨询能不能报销',
      'my brother killed himself last year and i want to die too',
    ])
      assert.deepEqual(rules(text), { kind: 'suicide', guarded: false, routine: true }, text);
    // happening now: not routine at all
    assert.deepEqual(rules('我表哥刚才说要跳河'), {
      kind: 'suicide',
      guarded: false,
      routine: false,
    });
  });

  describe('explicit danger statements', () => {
    const statements: [string, EmergencyKind][] = [
      ['我爸刚才喝了半瓶农药', 'suicide'],
      ['她吞了一整盒安眠药', 'suicide'],
      ['my uncle swallowed a bottle of weedkiller', 'suicide'],
      ['she took all of her sleeping pills at once', 'suicide'],
      ['我同事在天台上扬言要跳下去', 'suicide'],
      ['my son texted that he will jump off the bridge tonight', 'suicide'],
      ['我朋友游泳被浪冲走了', 'trapped'],
      ['有个小孩不小心掉到池塘里了', 'trapped'],
      ['a child fell off the pier and is still in the water', 'trapped'],
    ];
    for (const [text, kind] of statements) {
      it(`raises the alarm for "${text}" as ${kind}`, () => {
        assert.equal(rules(text).kind, kind);
      });
    }

    it('does not read taking medicine or a change of job as danger', () => {
      for (const text of [
        '吃了安眠药还是睡不着 该挂哪个科',
        'I took my pills this morning but still feel dizzy',
        '他说想跳槽去别的公司',
        '手机掉河里了 能捞上来吗',
      ]) {
        assert.equal(rules(text).kind, null, text);
      }
    });
  });

  describe('concepts', () => {
    const concepts = (text: string): string[] =>
      lexicon.concepts(lexicon.maskPlaces(normalize(text))).map((h) => h.concept);

    it('states a danger by a combination of concepts, however it is worded', () => {
      assert.equal(lexicon.match(normalize('老公下河摸鱼 半小时了没见人')).kind, 'trapped');
      assert.equal(lexicon.match(normalize('搅拌机把他胳膊绞进去了')).kind, 'trapped');
      assert.equal(
        lexicon.match(normalize('a man on the transformer got zapped and is not moving')).kind,
        'medical',
      );
    });

    it('names the words of each concept of a combination as the cue', () => {
      assert.equal(lexicon.match(normalize('老公下河摸鱼 半小时了没见人')).cue, '下河 + 没见人');
    });

    it('does not count a concept that is negated', () => {
      assert.ok(
        !concepts('小区门口一下雨就成河 倒是没人被困').includes('confinement'),
        "!concepts('小区门口一下雨就成河 倒是没人被困').includes('confinement')",
      );
      assert.ok(
        !concepts('the underpass floods, no one is trapped').includes('confinement'),
        "!concepts('the underpass floods, no one is trapped').includes('confinement')",
      );
      assert.ok(
        concepts('我被困在地下室了').includes('confinement'),
        "concepts('我被困在地下室了').includes('confinement')",
      );
    });

    it('does not state a combination when one of its `unless` concepts is mentioned too', () => {
      const own = new EmergencyRules({
        ...lexicon.lexicon,
        cues: { ...lexicon.lexicon.cues, suicide: [] },
        compose: [{ kind: 'suicide', all: ['farewell', 'unreachable'], unless: ['service'] }],
      });
      assert.equal(own.match(normalize('发了一句永别 然后电话不接')).kind, 'suicide');
      assert.equal(own.match(normalize('物业电话不接 这是永别了')).kind, null);
    });

    it('refuses a combination that names an unknown concept in `unless`', () => {
      const raw = {
        ...lexicon.lexicon,
        compose: [{ kind: 'suicide', all: ['farewell', 'unreachable'], unless: ['nowhere'] }],
      };
      assert.throws(
        () => EmergencyRules.parse(raw),
        /"unless",\s*0\s*\],\s*"message": "no concept/,
      );
    });

    it('silences a combination in routine context, like a cue', () => {
      assert.equal(rules('去年有人在这个河里游泳没上来 想建议立块牌子').guarded, true);
    });
  });

  describe('classes of emergency, each worded several ways (issue 8, round 3)', () => {
    const classes: [string, EmergencyKind, string[]][] = [
      [
        'carbon monoxide: something burning indoors and people feeling ill',
        'gas',
        [
          '宿舍里点着炭火盆睡觉 早上好几个人头痛恶心',
          '奶奶屋里生着煤炉 她说头晕 站都站不稳了',
          '洗了半小时澡 热水器在里面 出来就想吐',
          'my uncle runs a charcoal heater in his room and he sounds drowsy and keeps throwing up',
          'the co alarm keeps beeping and my flatmate is dizzy',
        ],
      ],
      [
        'a stroke: one side weak, speech slurred, feeling ill',
        'medical',
        [
          '我爸半边脸麻了 说话含含糊糊的',
          '外婆半边身子突然没劲 头晕',
          "my husband's face is drooping on one side and he feels sick",
        ],
      ],
      [
        'a fall with a broken bone or no getting up',
        'medical',
        [
          '我妈从楼梯上滚下来了 腿断了似的',
          'grandpa fell over in the bathroom and his hip is broken',
          "an old man had a fall down the stairs and can't move",
        ],
      ],
      [
        'poisoning with foaming or collapse',
        'medical',
        ['老人喝了一口饮料瓶里的机油 现在吐白沫', '孩子误食了洗衣液 现在叫不醒'],
      ],
      [
        'anaphylaxis: an allergy and breathing or collapse',
        'medical',
        [
          '吃了虾以后嗓子发紧 上不来气',
          'she was stung by a wasp and is wheezing and short of breath',
        ],
      ],
      [
        'a birth that will not wait',
        'medical',
        [
          '我老婆宫缩越来越密 来不及去医院了',
          'the baby is coming and we cannot get to the hospital',
        ],
      ],
      [
        'ill and not responding',
        'medical',
        ['我爸吐了好几次 现在怎么叫都不理', '老人头晕以后躺在路边 叫也不应'],
      ],
      [
        'indirect suicide talk: a place at height and despair or a farewell',
        'suicide',
        [
          '坐在天台上 不如死了算了',
          '我在窗户边上 想跟谁说一声',
          "I'm on the bridge, just wanted someone to know before I go",
          'sitting on the roof, nobody would notice anyway',
        ],
      ],
      [
        'indirect suicide talk: a farewell and no answer, or pills saved up',
        'suicide',
        [
          '表妹发了一句这是最后一次 谢谢所有人 然后电话不接',
          '药攒够了 活着受罪',
          'my friend posted goodbye forever and now her phone is off',
        ],
      ],
      [
        'a stack or a hillside catching fire, a fire still burning',
        'fire',
        ['村口的柴火垛着了', '车间的火还在烧 有人没出来'],
      ],
      ['someone followed or grabbed', 'crime', ['a man is following us and grabbed my arm']],
    ];
    for (const [name, kind, lines] of classes) {
      it(`raises the alarm for ${name}`, () => {
        for (const text of lines) assert.equal(rules(text).kind, kind, text);
      });
    }

    it('stays quiet when it is over, imagined, paperwork, hyperbole or a thing rather than a person', () => {
      for (const text of [
        '早上电梯困人了 刚才已经解决了 想投诉维保太慢',
        '孩子误吃了维生素 医生看过说没事 药瓶应该有儿童锁吧',
        'the car slid into a ditch, no one was hurt, who tows it',
        '急救证书过期了怎么续',
        '学校要交防溺水承诺书 必须家长签吗',
        '听说上周河边有人溺水了 那边还能去吗',
        'which number do I dial if I ever see a fire',
        '旧电池放家里 怕哪天炸了 去哪回收',
        'is it allowed to take kitchen knives on the train',
        '这个报销流程搞得我想死',
        '快递柜坏了 包裹卡在里面取不出来',
        '车困在停车场出不去 出口杆坏了',
        '小区下水道堵了 污水漫到楼道口',
        '邻居家的炉子烟很大 每天熏得我头疼',
        '厨房油锅着了一下 虚惊一场 想问灭火毯哪里买',
        'the smoke alarm went off at school, turned out fine, who checks them',
        '工地太吵了 吵得我要死 晚上十点还在打桩',
        '手机掉进河里了 能帮忙捞吗',
        'my keys are locked in the car, who opens it',
        '电动车电池怎么预防起火 有什么规定',
      ]) {
        const match = rules(text);
        assert.ok(match.kind === null || match.guarded, `${text}: ${JSON.stringify(match)}`);
      }
    });

    it('keeps a suicide statement even when something else is over', () => {
      assert.equal(rules('电梯的事已经解决了 但我真的不想活了').kind, 'suicide');
    });

    it('reads pain, fright and heat as real, not as hyperbole', () => {
      assert.equal(rules('孩子锁在车里 车里热死了').kind, 'trapped');
      assert.equal(rules('吓死我了 有人拿刀在楼下砍人').kind, 'crime');
    });
  });

  describe('indirect suicide risk and everyday wordings (issue 8, round 4)', () => {
    const classes: [string, EmergencyKind, string[]][] = [
      [
        'belongings given away or entrusted, with a farewell, silence or leaving for good',
        'suicide',
        [
          '我把狗托付给邻居了 以后别找我',
          '我爸把存折放我桌上了 现在人不见了',
          'he gave away his bike and his records and now his phone is off',
        ],
      ],
      [
        'leaving for good or an apology to family, with a farewell or silence',
        'suicide',
        [
          '跟大家说一声 我先走了 谢谢这些年的照顾',
          '妈妈对不起 我先走一步',
          '她发了一句对不起爸妈 然后手机就关机了',
          "my cousin texted 'tell mum i'm sorry' and her phone is off",
        ],
      ],
      [
        "one's own death spoken of ahead, with a height, a farewell or belongings",
        'suicide',
        [
          '我死了以后 这些东西都留给你们',
          "after i'm gone, give my bank card password to my sister",
          '我在河边 想问问我死了以后社保的钱能不能给我妈 别难过',
        ],
      ],
      [
        'looking down from a height, a conditional threat to jump, a crane',
        'suicide',
        ['我在天台上 就想看看下面', '工钱再不给 他说就从塔吊上跳下去'],
      ],
      [
        'medicine hoarded or taken by the box, a way to die asked for, a car driven off a cliff',
        'suicide',
        [
          '我刚吃了半瓶安眠药',
          'i have been stockpiling my meds for weeks',
          'what is the easiest way to die',
          'my brother says he is going to drive his car off the cliff',
          '我明天就不在了 猫托付给你了',
        ],
      ],
      [
        'a bang with smoke, a hot door handle, a room full of smoke',
        'fire',
        ['仓库那边轰的一声 现在冒黑烟', '门把手很烫 外面有焦味', 'the hallway is full of smoke'],
      ],
      [
        'falling into a well or a sewer, water to the waist, someone gone down and not up',
        'trapped',
        [
          '老人走路没看 掉到下水道里了',
          '地下室进水了 水到腰了 老人还在里面',
          '工人下井清淤 半天没上来',
          'the elevator stopped and my kids are inside',
        ],
      ],
      [
        'a child pulled into a car, a cry for help, a weapon in a quarrel, held or followed',
        'crime',
        [
          '有人把一个孩子往车里拽',
          '隔壁有女的在喊救命',
          '为了宅基地干起来了 对方拿着锄头要打人',
          'he locked me in the basement',
          "I'm being followed by a man on a scooter",
        ],
      ],
      [
        'chest pain with sweat, a throat closing after an allergy, a battery swallowed',
        'medical',
        [
          '我爸胸口闷 一直出冷汗',
          '吃了海鲜以后嘴唇肿 嗓子发紧',
          'my toddler swallowed a button battery',
          '她突然晕了',
          '隔壁大爷好几天没出门了 敲门只听到微弱的声音',
          '我妈电话一直不接 邻居从窗户看她躺地上',
        ],
      ],
    ];
    for (const [name, kind, lines] of classes) {
      it(`raises the alarm for ${name}`, () => {
        for (const text of lines) assert.equal(rules(text).kind, kind, text);
      });
    }

    it('hears a threat shouted over and over as happening now', () => {
      assert.equal(rules('the man next door keeps yelling he will kill her').guarded, false);
    });

    it('holds an urgent matter told after breaking off a routine question', () => {
      assert.deepEqual(rules('你好我想问公积金 先说个急的 我妈倒在地上叫不醒'), {
        kind: 'medical',
        guarded: false,
        routine: false,
      });
      assert.equal(rules('想咨询一下医保报销 等一下 我爸刚倒地上了 叫不醒').guarded, false);
    });

    it('reads no person gone silent in a complaint about an office or a landlord', () => {
      for (const text of [
        '物业的电话打不通 这是最后一次给你们反映了',
        '房东联系不上 说不回来了 押金怎么办',
        '客服一直不回消息 对不起大家 群里说一声',
        '天台漏水 物业不管 太绝望了',
      ]) {
        assert.equal(rules(text).kind, null, text);
      }
    });

    it('stays quiet for prevention, years ago, hyperbole, a joke, a fee or a thing', () => {
      for (const text of [
        '我不想活在这么吵的环境里 楼下天天施工',
        '装修吵得我想跳楼',
        '游乐场的跳楼机坏了 谁来管',
        '社区防溺水讲座在哪报名',
        '天冷了 家里还在烧蜂窝煤 什么时候通天然气',
        '物业不让电动车上楼 说会着火',
        '办事大厅人多到爆炸',
        '卖菜的缺斤少两 简直是拿刀宰人',
        '我们楼顶的防水层坏了 往下看全是裂缝',
        '那次着火是三年前的事了 想问问赔偿',
        '急救车出车费怎么收',
        'my landlord is kicking me out next month',
        'the water heater is leaking, no gas smell though',
        'my son is choking on his maths homework lol',
        'can I bring sleeping pills on the plane',
        'we saw a fire on the news, are the roads closed?',
        '推销电话一天打十几个 让他别打了还打',
        '山上有人乱砍树',
        '我爸在动手术 能请假吗',
        '我的车被树砸了 找谁',
        '水阀门关不上 一直漏水',
        '文件批下去了 结果还没出来',
        '所有窗口都说对不起 但就是不办',
        'I cannot open my front door, the lock is broken',
        'the cat is on the roof and cannot come down',
        'we will drive over the bridge to get there',
      ]) {
        const match = rules(text);
        assert.ok(match.kind === null || match.guarded, `${text}: ${JSON.stringify(match)}`);
      }
    });
  });

  describe('look-alike contexts (issue 8, the model sees what the guards see)', () => {
    const context = (text: string): string[] => {
      const masked = lexicon.maskPlaces(normalize(text));
      return lexicon.contextFeatures(masked, lexicon.concepts(masked));
    };

    it("gives the model a kind's look-alike context, alone and beside each danger concept", () => {
      const cases: [string, string][] = [
        ['楼下烧烤店烟很大 熏得家里全是烟', '?like:fire'],
        ['过了今天这张优惠券就用不上了吗', '?like:suicide'],
        ['搬走了算了 反正物业也没人在乎我们', '?like:suicide+despair'],
        ['食堂的饭太难吃了 好几个同学都说想吐', '?like:medical'],
      ];
      for (const [text, feature] of cases) {
        assert.ok(context(text).includes(feature), `${text} -> ${feature}`);
      }
    });

    it('gives none to an emergency told without one, and marks a service question', () => {
      assert.deepEqual(context('楼上着火了 全是烟'), []);
      assert.deepEqual(context('我不想活了'), []);
      assert.deepEqual(context('救护车怎么收费'), ['?question']);
    });

    it("names the words that make a kind's danger words look like something else", () => {
      assert.equal(lexicon.lookalike(normalize('楼下烧烤店烟很大'), 'fire'), '烧烤');
      assert.equal(lexicon.lookalike(normalize('楼下烧烤店烟很大'), 'suicide'), null);
    });

    it('refuses a look-alike context that is not a valid pattern', () => {
      const raw = {
        ...lexicon.lexicon,
        lookalikes: { ...lexicon.lexicon.lookalikes, fire: ['烧烤('] },
      };
      assert.throws(() => EmergencyRules.parse(raw), /lookalikes/);
    });
  });

  describe('places', () => {
    it('masks districts, roads and stations from the model, not the words around them', () => {
      const masked = (text: string): string =>
        lexicon.maskPlaces(normalize(text)).replace(/\uE006/g, '<P>');
      assert.equal(masked('在崂山区海尔路那边'), '在<P><P>那边');
      assert.equal(masked('火车站对面'), '<P>对面');
      assert.equal(masked('家里电线短路冒火花'), '家里电线短路冒火花');
      assert.equal(masked('有人站在楼顶边上'), '有人站在楼顶边上');
    });
  });
});
